/**
 * Refusing a weak HIS or UI token at start (hardening issue item 6). A token someone can guess —
 * the README's example, one character repeated, too short, with whitespace, or with hardly any
 * different characters — would let any local program settle as the HIS. The reason is plain
 * Chinese for IT, and never repeats the token.
 */

/** The example of the README and of the docs: copied as-is, it is known to everyone. */
export const EXAMPLE_TOKENS: readonly string[] = ['at-least-16-characters-secret'];

/** Shortest accepted token, characters. */
export const MIN_TOKEN_LENGTH = 16;

/** Fewest different characters in an accepted token. */
export const MIN_DISTINCT_CHARS = 6;

/** Why `token` is weak (Chinese, for the config error), or null when it is acceptable. */
export function weakTokenReason(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH) return `令牌至少 ${MIN_TOKEN_LENGTH} 个字符`;
  if (/\s/.test(token)) return '令牌不能含空格或换行';
  if (EXAMPLE_TOKENS.includes(token)) return '令牌不能用说明文档中的示例，请换成随机生成的字符串';
  if (new Set(token).size < MIN_DISTINCT_CHARS)
    return `令牌过于简单（至少 ${MIN_DISTINCT_CHARS} 种不同字符），请换成随机生成的字符串`;
  return null;
}
