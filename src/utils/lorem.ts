// Placeholder Latin text for `{% lorem %}`: the classic first paragraph and common words,
// then random sentences built from a vocabulary. Layer 0.

/** The standard first paragraph. */
export const COMMON_P =
  'Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.';

/** The words the standard paragraph starts with. */
export const COMMON_WORDS = [
  'lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipisicing', 'elit', 'sed', 'do',
  'eiusmod', 'tempor', 'incididunt', 'ut', 'labore', 'et', 'dolore', 'magna', 'aliqua',
];

const VOCABULARY = (
  'abeo accusamus accusantium ad adipisci alias aliquam aliquid amet animi aperiam architecto ' +
  'asperiores aspernatur assumenda at atque aut autem beatae blanditiis commodi consectetur ' +
  'consequatur consequuntur corporis corrupti culpa cum cumque cupiditate debitis delectus ' +
  'deleniti deserunt dicta dignissimos distinctio dolor dolore dolorem doloremque dolores ' +
  'doloribus dolorum ducimus ea eaque earum eius eligendi enim eos error esse est et eum eveniet ' +
  'ex excepturi exercitationem expedita explicabo facere facilis fuga fugiat fugit harum hic id ' +
  'illo illum impedit in incidunt inventore ipsa ipsam ipsum iste itaque iure iusto labore ' +
  'laboriosam laborum laudantium libero magnam magni maiores maxime minima minus modi molestiae ' +
  'molestias mollitia nam natus necessitatibus nemo neque nesciunt nihil nisi nobis non nostrum ' +
  'nulla numquam obcaecati odio odit officia officiis omnis optio pariatur perferendis ' +
  'perspiciatis placeat porro possimus praesentium provident quae quaerat quam quas quasi qui ' +
  'quia quibusdam quidem quis quisquam quo quod quos ratione recusandae reiciendis rem repellat ' +
  'repellendus reprehenderit repudiandae rerum saepe sapiente sed sequi similique sint sit soluta ' +
  'sunt suscipit tempora tempore temporibus tenetur totam ullam unde ut vel velit veniam ' +
  'veritatis vero vitae voluptas voluptate voluptatem voluptates voluptatibus voluptatum'
).split(' ');

function sample<T>(items: T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  for (let i = 0; i < n && pool.length; i++) out.push(pool.splice(Math.floor(Math.random() * pool.length), 1)[0]!);
  return out;
}

const randInt = (a: number, b: number): number => a + Math.floor(Math.random() * (b - a + 1));

/** Return a random sentence: capitalised, comma-separated sections, ending in `.` or `?`. */
export function loremSentence(): string {
  const sections = Array.from({ length: randInt(1, 5) }, () => sample(VOCABULARY, randInt(3, 12)).join(' '));
  const s = sections.join(', ');
  return s[0]!.toUpperCase() + s.slice(1) + (Math.random() < 0.5 ? '?' : '.');
}

/** Return a random paragraph of one to four sentences. */
export function loremParagraph(): string {
  return Array.from({ length: randInt(1, 4) }, loremSentence).join(' ');
}

/**
 * Return `count` paragraphs; with `common` the first is the standard one.
 *
 * @example
 * loremParagraphs(1)[0].startsWith('Lorem ipsum') // true
 */
export function loremParagraphs(count: number, common = true): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(common && i === 0 ? COMMON_P : loremParagraph());
  return out;
}

/**
 * Return `count` words; with `common` they start with "lorem ipsum dolor ...".
 *
 * @example
 * loremWords(3) // 'lorem ipsum dolor'
 */
export function loremWords(count: number, common = true): string {
  let words = common ? [...COMMON_WORDS] : [];
  if (count > words.length) {
    let rest = count - words.length;
    while (rest > 0) {
      const c = Math.min(rest, VOCABULARY.length);
      rest -= c;
      words = words.concat(sample(VOCABULARY, c));
    }
  } else {
    words = words.slice(0, Math.max(0, count));
  }
  return words.join(' ');
}
