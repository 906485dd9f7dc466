/**
 * Kura's common customer model: the names that analytic cells (audit, match, segment…) use,
 * whatever the source system called the column. Pure data; docs/customer-model.md describes it.
 */

/** What a field holds; normalisers and audit rules are chosen by kind. */
export type FieldKind =
  | 'id'
  | 'reference'
  | 'email'
  | 'phone'
  | 'text'
  | 'reading'
  | 'postal_code'
  | 'url'
  | 'date'
  | 'number'
  | 'money'
  | 'currency'
  | 'boolean';

/** The kind of record a source file holds; each preset declares one. */
export const recordTypes = ['contact', 'lead', 'account', 'opportunity', 'case', 'company', 'deal', 'order'] as const;
export type RecordType = (typeof recordTypes)[number];

export interface CustomerField {
  id: string;
  kind: FieldKind;
  label: { en: string; ja: string };
  description: string;
}

export const customerFields = [
  // identity and references
  {
    id: 'source_id',
    kind: 'id',
    label: { en: 'Source ID', ja: '元システムID' },
    description: "The record's id in the source system (Salesforce Id, HubSpot Record ID, 顧客番号, order number).",
  },
  {
    id: 'account_id',
    kind: 'reference',
    label: { en: 'Account ID', ja: '取引先ID' },
    description: 'The account or company the record belongs to.',
  },
  {
    id: 'contact_id',
    kind: 'reference',
    label: { en: 'Contact ID', ja: '取引先責任者ID' },
    description: 'The contact (person) the record belongs to.',
  },
  // person
  {
    id: 'full_name',
    kind: 'text',
    label: { en: 'Full name', ja: '氏名' },
    description: 'The whole name in one column, in whatever order the source wrote it.',
  },
  { id: 'family_name', kind: 'text', label: { en: 'Family name', ja: '姓' }, description: 'Last name / 姓.' },
  { id: 'given_name', kind: 'text', label: { en: 'Given name', ja: '名' }, description: 'First name / 名.' },
  {
    id: 'name_reading',
    kind: 'reading',
    label: { en: 'Name reading', ja: 'フリガナ' },
    description: 'The kana reading of the whole name (フリガナ, ふりがな, half-width ﾌﾘｶﾞﾅ).',
  },
  {
    id: 'family_name_reading',
    kind: 'reading',
    label: { en: 'Family name reading', ja: 'セイ' },
    description: 'The kana reading of the family name.',
  },
  {
    id: 'given_name_reading',
    kind: 'reading',
    label: { en: 'Given name reading', ja: 'メイ' },
    description: 'The kana reading of the given name.',
  },
  { id: 'birth_date', kind: 'date', label: { en: 'Birth date', ja: '生年月日' }, description: 'Date of birth.' },
  // contact points
  { id: 'email', kind: 'email', label: { en: 'E-mail', ja: 'メールアドレス' }, description: 'The main e-mail address.' },
  { id: 'phone', kind: 'phone', label: { en: 'Phone', ja: '電話番号' }, description: 'The main (office or landline) phone number.' },
  { id: 'mobile_phone', kind: 'phone', label: { en: 'Mobile phone', ja: '携帯電話' }, description: 'The mobile phone number.' },
  {
    id: 'email_opt_out',
    kind: 'boolean',
    label: { en: 'E-mail opt-out', ja: 'メール配信停止' },
    description: 'True when the person asked not to receive e-mail.',
  },
  // organisation
  {
    id: 'company',
    kind: 'text',
    label: { en: 'Company', ja: '会社名' },
    description: 'The company name (for accounts and companies: the record itself).',
  },
  {
    id: 'company_reading',
    kind: 'reading',
    label: { en: 'Company reading', ja: '会社名フリガナ' },
    description: 'The kana reading of the company name.',
  },
  { id: 'department', kind: 'text', label: { en: 'Department', ja: '部署' }, description: 'Department or division.' },
  { id: 'title', kind: 'text', label: { en: 'Job title', ja: '役職' }, description: 'Job title or position.' },
  { id: 'industry', kind: 'text', label: { en: 'Industry', ja: '業種' }, description: "The company's industry." },
  { id: 'employees', kind: 'number', label: { en: 'Employees', ja: '従業員数' }, description: 'Number of employees.' },
  { id: 'website', kind: 'url', label: { en: 'Website', ja: 'ウェブサイト' }, description: 'Website or company domain.' },
  // address
  { id: 'postal_code', kind: 'postal_code', label: { en: 'Postal code', ja: '郵便番号' }, description: 'Postal or ZIP code.' },
  { id: 'country', kind: 'text', label: { en: 'Country', ja: '国' }, description: 'Country or country code.' },
  { id: 'region', kind: 'text', label: { en: 'Region', ja: '都道府県' }, description: 'Prefecture, state or province.' },
  { id: 'city', kind: 'text', label: { en: 'City', ja: '市区町村' }, description: 'City, ward, town or village.' },
  {
    id: 'address',
    kind: 'text',
    label: { en: 'Street address', ja: '住所' },
    description: 'Street address (町名・番地), or the whole address when the source has one column.',
  },
  { id: 'address_2', kind: 'text', label: { en: 'Address line 2', ja: '建物名' }, description: 'Building, floor, room.' },
  // lifecycle
  {
    id: 'lifecycle_stage',
    kind: 'text',
    label: { en: 'Lifecycle stage', ja: 'ライフサイクルステージ' },
    description: 'Marketing/sales lifecycle (subscriber, lead, customer…).',
  },
  { id: 'lead_source', kind: 'text', label: { en: 'Lead source', ja: 'リードソース' }, description: 'Where the person or deal came from.' },
  { id: 'owner', kind: 'text', label: { en: 'Owner', ja: '担当者' }, description: 'The user responsible for the record.' },
  {
    id: 'created_at',
    kind: 'date',
    label: { en: 'Created', ja: '登録日' },
    description: 'When the record was created (registration, sign-up, business-card exchange).',
  },
  { id: 'updated_at', kind: 'date', label: { en: 'Updated', ja: '更新日' }, description: 'When the record was last modified.' },
  {
    id: 'last_activity_at',
    kind: 'date',
    label: { en: 'Last activity', ja: '最終活動日' },
    description: 'The last recorded activity (e-mail, meeting, visit).',
  },
  // deals, orders, cases
  { id: 'deal_name', kind: 'text', label: { en: 'Deal name', ja: '商談名' }, description: 'The name of an opportunity or deal.' },
  { id: 'stage', kind: 'text', label: { en: 'Stage', ja: 'フェーズ' }, description: 'Sales stage of an opportunity or deal.' },
  { id: 'amount', kind: 'money', label: { en: 'Amount', ja: '金額' }, description: 'Money amount of a deal or order.' },
  { id: 'currency', kind: 'currency', label: { en: 'Currency', ja: '通貨' }, description: 'ISO currency code of the amount.' },
  {
    id: 'close_date',
    kind: 'date',
    label: { en: 'Close date', ja: '完了予定日' },
    description: 'The date a deal closed or is expected to close.',
  },
  { id: 'order_date', kind: 'date', label: { en: 'Order date', ja: '注文日' }, description: 'The date an order was placed.' },
  { id: 'subject', kind: 'text', label: { en: 'Subject', ja: '件名' }, description: 'Subject of a case or ticket.' },
  { id: 'description', kind: 'text', label: { en: 'Description', ja: '説明' }, description: 'Free text of a case or ticket.' },
  { id: 'status', kind: 'text', label: { en: 'Status', ja: '状況' }, description: 'Status of a lead, case or order.' },
  { id: 'priority', kind: 'text', label: { en: 'Priority', ja: '優先度' }, description: 'Priority of a case or ticket.' },
  {
    id: 'channel',
    kind: 'text',
    label: { en: 'Channel', ja: 'チャネル' },
    description: 'How a case or order arrived (web, phone, e-mail, store).',
  },
  { id: 'closed_at', kind: 'date', label: { en: 'Closed', ja: '完了日' }, description: 'When a case was closed.' },
] as const satisfies readonly CustomerField[];

export type FieldId = (typeof customerFields)[number]['id'];

/** Common-model field → original column name. */
export type ColumnMapping = Partial<Record<FieldId, string>>;

const fieldIds: ReadonlySet<string> = new Set(customerFields.map((field) => field.id));

export function isFieldId(name: string): name is FieldId {
  return fieldIds.has(name);
}
