/**
 * Acquisition sources that say the customer was referred: values containing one of
 * REFERRAL_WORDS, case aside ('Friend referral', '友人の紹介', 'クチコミ'). 'referral' is also how
 * web analytics name traffic from another site (Google Analytics' medium), so a source column
 * copied from there reads as referrals too: the page says which column marked them.
 */
import { lit } from '../../engine/sql';

/** Lowercase; matched anywhere in the value. */
export const REFERRAL_WORDS = [
  'referral', 'referred', 'refer a friend', 'refer-a-friend', 'friend', 'invit', 'word of mouth', 'word-of-mouth',
  '紹介', '友達', '友だち', '友人', '知人', '口コミ', 'クチコミ', 'くちコミ', '招待', 'リファラル'
] as const;

/** SQL: whether text column `col` reads as a referral (NULL when it is NULL). */
export function isReferralSql(col: string): string {
  return `(${REFERRAL_WORDS.map((w) => `contains(lower(${col}), ${lit(w)})`).join(' OR ')})`;
}
