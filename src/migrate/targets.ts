/**
 * The migration targets as data: each preset is the import file a CRM expects (its column names in order, the
 * encoding its importer reads, the date format) and the rules it enforces (required fields, maximum lengths,
 * formats, picklists). A field's `from` is its default source: a column of the golden record table or one of the
 * derived values in `derivedSources`. Field lengths are the CRM's documented standard field sizes.
 */

export type TargetEncoding = 'utf-8' | 'utf-8-bom' | 'cp932';
export type FieldFormat = 'email' | 'phone' | 'date' | 'datetime' | 'postal-code-jp';

export interface TargetField {
  /** The column name in the import file: an API name (`LastName`) or, for the Japanese CSV, a Japanese header. */
  name: string;
  /** Default source: a column of the input table or a derived value (`name.family`); null: left empty unless mapped. */
  from: string | null;
  /** The column to fill it from when the table has no `from` column (the external id of a table without lasting ids). */
  fallback?: string;
  required?: boolean;
  maxLength?: number;
  format?: FieldFormat;
  picklist?: readonly string[];
  /** The header the CRM's own export uses for the field, when it differs from `name` ("Last Name" for LastName). */
  label?: string;
  /** The company target whose external id this field refers to (a contact's account): checked against an accounts file. */
  linksTo?: string;
}

/** Header text compared loosely: case, spaces, underscores and punctuation ignored ("Last Name" = "LastName" = "last_name"). */
const looseName = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The column of a file (an export, an import file) holding a target field: its API name or the label the CRM writes. */
export function fieldColumn(field: TargetField, columns: readonly string[]): string | undefined {
  const wanted = new Set([looseName(field.name), ...(field.label ? [looseName(field.label)] : [])]);
  return columns.find((column) => wanted.has(looseName(column)));
}

export interface TargetPreset {
  id: string;
  /** What the file is imported as, in the CRM's words. */
  label: string;
  encoding: TargetEncoding;
  /** strftime format for date fields. */
  dateFormat: string;
  /** Phone numbers as +81… (E.164) or as a Japanese domestic number 03…. */
  phoneStyle: 'e164' | 'domestic-jp';
  /** The field that carries Kura's customer id (the account id for a company target): required and unique. */
  externalId: string;
  /**
   * One row per value of this source instead of one per customer: a company target writes each company once (the
   * first customer's values, in customer id order) and leaves out customers without a company.
   */
  onePer?: 'company.account_id';
  fields: readonly TargetField[];
}

/** The strftime format of datetime fields: Salesforce's form, which its importers read as UTC (times are written as kept). */
export const dateTimeFormat = '%Y-%m-%dT%H:%M:%S.000Z';

/** Values computed from the golden record's columns: `name` split family/given, the e-mail's domain. */
export const derivedSources = ['name.family', 'name.given', 'email.domain', 'company.account_id'] as const;

const prefectures = [
  '北海道',
  '青森県',
  '岩手県',
  '宮城県',
  '秋田県',
  '山形県',
  '福島県',
  '茨城県',
  '栃木県',
  '群馬県',
  '埼玉県',
  '千葉県',
  '東京都',
  '神奈川県',
  '新潟県',
  '富山県',
  '石川県',
  '福井県',
  '山梨県',
  '長野県',
  '岐阜県',
  '静岡県',
  '愛知県',
  '三重県',
  '滋賀県',
  '京都府',
  '大阪府',
  '兵庫県',
  '奈良県',
  '和歌山県',
  '鳥取県',
  '島根県',
  '岡山県',
  '広島県',
  '山口県',
  '徳島県',
  '香川県',
  '愛媛県',
  '高知県',
  '福岡県',
  '佐賀県',
  '長崎県',
  '熊本県',
  '大分県',
  '宮崎県',
  '鹿児島県',
  '沖縄県',
] as const;

const salesforceContact: TargetPreset = {
  id: 'salesforce.contact',
  label: 'Salesforce Contact (Data Loader / Data Import Wizard)',
  encoding: 'utf-8',
  dateFormat: '%Y-%m-%d',
  phoneStyle: 'e164',
  externalId: 'Kura_Customer_Id__c',
  fields: [
    { name: 'Kura_Customer_Id__c', from: 'customer_id', fallback: 'cluster_id', required: true, maxLength: 255, label: 'Kura Customer Id' },
    { name: 'LastName', from: 'name.family', required: true, maxLength: 80, label: 'Last Name' },
    { name: 'FirstName', from: 'name.given', maxLength: 40, label: 'First Name' },
    { name: 'Email', from: 'email', maxLength: 80, format: 'email' },
    { name: 'Phone', from: 'phone', maxLength: 40, format: 'phone' },
    { name: 'MobilePhone', from: 'mobile_phone', maxLength: 40, format: 'phone', label: 'Mobile' },
    { name: 'Title', from: null, maxLength: 128 },
    { name: 'AccountId', from: null, maxLength: 18, label: 'Account ID' },
    // The contact's account by the external id the salesforce.account file gives it (Bulk API's Relationship.Field header).
    {
      name: 'Account.Kura_Account_Id__c',
      from: 'company.account_id',
      maxLength: 255,
      label: 'Account: Kura Account Id',
      linksTo: 'salesforce.account',
    },
    { name: 'MailingStreet', from: 'address', maxLength: 255, label: 'Mailing Street' },
    { name: 'MailingCity', from: 'city', maxLength: 40, label: 'Mailing City' },
    { name: 'MailingState', from: 'region', maxLength: 80, label: 'Mailing State/Province' },
    { name: 'MailingPostalCode', from: 'postal_code', maxLength: 20, label: 'Mailing Zip/Postal Code' },
    { name: 'MailingCountry', from: 'country', maxLength: 80, label: 'Mailing Country' },
    { name: 'Birthdate', from: 'birth_date', format: 'date' },
    // When the customer's first record was created (the golden record's customer_since): a custom field, so that
    // no "Set Audit Fields" permission is needed, as CreatedDate would need.
    { name: 'Kura_Customer_Since__c', from: 'customer_since', format: 'datetime', label: 'Kura Customer Since' },
  ],
};

const salesforceAccount: TargetPreset = {
  id: 'salesforce.account',
  label: 'Salesforce Account (Data Loader / Data Import Wizard)',
  encoding: 'utf-8',
  dateFormat: '%Y-%m-%d',
  phoneStyle: 'e164',
  externalId: 'Kura_Account_Id__c',
  onePer: 'company.account_id',
  fields: [
    { name: 'Kura_Account_Id__c', from: 'company.account_id', required: true, maxLength: 255, label: 'Kura Account Id' },
    { name: 'Name', from: 'company', required: true, maxLength: 255, label: 'Account Name' },
    { name: 'Phone', from: 'phone', maxLength: 40, format: 'phone' },
    { name: 'Website', from: 'email.domain', maxLength: 255 },
    { name: 'BillingStreet', from: 'address', maxLength: 255, label: 'Billing Street' },
    { name: 'BillingCity', from: 'city', maxLength: 40, label: 'Billing City' },
    { name: 'BillingState', from: 'region', maxLength: 80, label: 'Billing State/Province' },
    { name: 'BillingPostalCode', from: 'postal_code', maxLength: 20, label: 'Billing Zip/Postal Code' },
    { name: 'BillingCountry', from: 'country', maxLength: 80, label: 'Billing Country' },
  ],
};

const salesforceLead: TargetPreset = {
  id: 'salesforce.lead',
  label: 'Salesforce Lead (Data Loader / Data Import Wizard)',
  encoding: 'utf-8',
  dateFormat: '%Y-%m-%d',
  phoneStyle: 'e164',
  externalId: 'Kura_Customer_Id__c',
  fields: [
    { name: 'Kura_Customer_Id__c', from: 'customer_id', fallback: 'cluster_id', required: true, maxLength: 255, label: 'Kura Customer Id' },
    { name: 'LastName', from: 'name.family', required: true, maxLength: 80, label: 'Last Name' },
    { name: 'FirstName', from: 'name.given', maxLength: 40, label: 'First Name' },
    { name: 'Company', from: 'company', required: true, maxLength: 255 },
    { name: 'Title', from: null, maxLength: 128 },
    { name: 'Email', from: 'email', maxLength: 80, format: 'email' },
    { name: 'Phone', from: 'phone', maxLength: 40, format: 'phone' },
    { name: 'MobilePhone', from: 'mobile_phone', maxLength: 40, format: 'phone', label: 'Mobile' },
    { name: 'Street', from: 'address', maxLength: 255 },
    { name: 'City', from: 'city', maxLength: 40 },
    { name: 'State', from: 'region', maxLength: 80, label: 'State/Province' },
    { name: 'PostalCode', from: 'postal_code', maxLength: 20, label: 'Zip/Postal Code' },
    { name: 'Country', from: 'country', maxLength: 80 },
    { name: 'Kura_Customer_Since__c', from: 'customer_since', format: 'datetime', label: 'Kura Customer Since' },
  ],
};

const hubspotContact: TargetPreset = {
  id: 'hubspot.contact',
  label: 'HubSpot contacts import',
  encoding: 'utf-8',
  dateFormat: '%Y-%m-%d',
  phoneStyle: 'e164',
  externalId: 'kura_customer_id',
  fields: [
    { name: 'kura_customer_id', from: 'customer_id', fallback: 'cluster_id', required: true, label: 'Kura Customer Id' },
    // HubSpot deduplicates contacts by e-mail: a contact without one would be created again on every import.
    { name: 'email', from: 'email', required: true, format: 'email' },
    { name: 'firstname', from: 'name.given', label: 'First Name' },
    { name: 'lastname', from: 'name.family', label: 'Last Name' },
    { name: 'phone', from: 'phone', format: 'phone', label: 'Phone Number' },
    { name: 'mobilephone', from: 'mobile_phone', format: 'phone', label: 'Mobile Phone Number' },
    { name: 'company', from: 'company', label: 'Company Name' },
    // The column both files share, so an import of contacts and companies together associates them.
    { name: 'kura_account_id', from: 'company.account_id', label: 'Kura Account Id', linksTo: 'hubspot.company' },
    { name: 'address', from: 'address', label: 'Street Address' },
    { name: 'city', from: 'city' },
    { name: 'state', from: 'region', label: 'State/Region' },
    { name: 'zip', from: 'postal_code', label: 'Postal Code' },
    { name: 'country', from: 'country', label: 'Country/Region' },
    { name: 'date_of_birth', from: 'birth_date', format: 'date' },
    { name: 'kura_customer_since', from: 'customer_since', format: 'date', label: 'Kura Customer Since' },
  ],
};

const hubspotCompany: TargetPreset = {
  id: 'hubspot.company',
  label: 'HubSpot companies import',
  encoding: 'utf-8',
  dateFormat: '%Y-%m-%d',
  phoneStyle: 'e164',
  externalId: 'kura_account_id',
  onePer: 'company.account_id',
  fields: [
    { name: 'kura_account_id', from: 'company.account_id', required: true, label: 'Kura Account Id' },
    { name: 'name', from: 'company', required: true, label: 'Company name' },
    // HubSpot deduplicates companies by domain.
    { name: 'domain', from: 'email.domain', label: 'Company Domain Name' },
    { name: 'phone', from: 'phone', format: 'phone', label: 'Phone Number' },
    { name: 'address', from: 'address', label: 'Street Address' },
    { name: 'city', from: 'city' },
    { name: 'state', from: 'region', label: 'State/Region' },
    { name: 'zip', from: 'postal_code', label: 'Postal Code' },
    { name: 'country', from: 'country', label: 'Country/Region' },
  ],
};

const japaneseGeneric: TargetPreset = {
  id: 'jp.generic',
  label: '国内 CRM 汎用 CSV (Shift_JIS)',
  encoding: 'cp932',
  dateFormat: '%Y/%m/%d',
  phoneStyle: 'domestic-jp',
  externalId: '顧客ID',
  fields: [
    { name: '顧客ID', from: 'customer_id', fallback: 'cluster_id', required: true },
    { name: '姓', from: 'name.family', required: true },
    { name: '名', from: 'name.given' },
    { name: 'メールアドレス', from: 'email', format: 'email' },
    { name: '電話番号', from: 'phone', format: 'phone' },
    { name: '携帯電話番号', from: 'mobile_phone', format: 'phone' },
    { name: '会社名', from: 'company' },
    { name: '郵便番号', from: 'postal_code', format: 'postal-code-jp' },
    { name: '都道府県', from: 'region', picklist: prefectures },
    { name: '市区町村', from: 'city' },
    { name: '住所', from: 'address' },
    { name: '生年月日', from: 'birth_date', format: 'date' },
    { name: '登録日', from: 'customer_since', format: 'date' },
  ],
};

export const targetPresets: readonly TargetPreset[] = [
  salesforceContact,
  salesforceAccount,
  salesforceLead,
  hubspotContact,
  hubspotCompany,
  japaneseGeneric,
];

export function targetPreset(id: string): TargetPreset | undefined {
  return targetPresets.find((preset) => preset.id === id);
}
