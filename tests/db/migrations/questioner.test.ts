import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { MigrationQuestioner, NO_DEFAULT } from '../../../src/db/migrations/questioner.ts';

function tty(answers: string[]): PassThrough & { isTTY: boolean } {
  const input = new PassThrough() as PassThrough & { isTTY: boolean };
  input.isTTY = true;
  let i = 0;
  // Feed one answer each time a question is asked.
  const feed = () => setImmediate(() => input.write(`${answers[i++] ?? ''}\n`));
  (input as unknown as { feed: () => void }).feed = feed;
  return input;
}

function prompting(answers: string[]) {
  const input = tty(answers);
  const output = new PassThrough();
  let text = '';
  output.on('data', (c: Buffer) => {
    text += c.toString();
    if (/[?:\]] $/.test(c.toString())) (input as unknown as { feed: () => void }).feed();
  });
  return { q: new MigrationQuestioner({ input, output }), text: () => text };
}

describe('questioner', () => {
  test('asks on a terminal whether a field was renamed and reads the answer', async () => {
    const { q, text } = prompting(['y', 'n']);
    assert.equal(await q.askRenameField('polls', 'Question', 'text', 'questionText', { type: 'CharField' }), true);
    assert.equal(await q.askRenameModel('polls', 'Question', 'Poll'), false);
    assert.match(text(), /Was polls\.Question\.text renamed to Question\.questionText \(a CharField\)\? \[y\/N\]/);
  });

  test('reads a one-off default as JSON', async () => {
    const { q } = prompting(['"draft"', '']);
    assert.equal(await q.askNotNullAddition('polls', 'Question', 'status'), 'draft');
    assert.equal(await q.askNotNullAlteration('polls', 'Question', 'status'), NO_DEFAULT);
  });

  test('answers from flags without prompting and reports unused answers', async () => {
    const q = new MigrationQuestioner({ renames: ['polls.Question.text=questionText', 'polls.Gone=Other'], defaults: ['polls.Question.slug=5'], noInput: true, output: new PassThrough() });
    assert.equal(await q.askRenameField('polls', 'Question', 'text', 'questionText', { type: 'CharField' }), true);
    assert.equal(await q.askNotNullAddition('polls', 'Question', 'slug'), 5);
    assert.deepEqual(q.unusedAnswers(), ['polls.gone']);
  });

  test('rejects a malformed --rename and a non-JSON --default naming the flag', async () => {
    assert.throws(() => new MigrationQuestioner({ renames: ['polls.Question.text'], noInput: true }), /--rename expects 'app\.Model=NewName'/);
    const q = new MigrationQuestioner({ defaults: ['polls.Question.slug=oops'], noInput: true });
    await assert.rejects(q.askNotNullAddition('polls', 'Question', 'slug'), /must be a JSON value/);
  });
});
