/** E-mail keys. Plus-tags and Gmail dots are comparison levels, so they come back as variants beside the address. */

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

export interface EmailParts {
  /** The whole normalised address: trimmed, NFKC, lower-case. */
  email: string;
  local: string;
  domain: string;
  /** `local` without a `+tag` suffix. */
  localWithoutTag: string;
  /** `localWithoutTag` without dots on Gmail (which ignores them); elsewhere the same as `localWithoutTag`. */
  localWithoutDots: string;
  /** `googlemail.com` is Gmail under another name. */
  canonicalDomain: string;
  /** `localWithoutDots@canonicalDomain`: the loosest e-mail level. */
  canonical: string;
}

/** Trim, NFKC (full-width ＠ and letters), lower-case; drops a `mailto:` prefix and `<…>` brackets. Null when it is not an address. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  let email = raw.normalize('NFKC').trim().toLowerCase();
  email = email
    .replace(/^mailto:/, '')
    .replace(/^<(.*)>$/, '$1')
    .trim();
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1 || /\s/.test(email)) return null;
  return email;
}

export function emailParts(raw: string | null | undefined): EmailParts | null {
  const email = normalizeEmail(raw);
  if (email === null) return null;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const plus = local.indexOf('+');
  const localWithoutTag = plus > 0 ? local.slice(0, plus) : local;
  const isGmail = GMAIL_DOMAINS.has(domain);
  const localWithoutDots = isGmail ? localWithoutTag.replaceAll('.', '') : localWithoutTag;
  const canonicalDomain = isGmail ? 'gmail.com' : domain;
  return {
    email,
    local,
    domain,
    localWithoutTag,
    localWithoutDots,
    canonicalDomain,
    canonical: `${localWithoutDots}@${canonicalDomain}`,
  };
}
