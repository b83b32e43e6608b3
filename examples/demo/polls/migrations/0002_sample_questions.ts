// A data migration: a few sample polls so the demo has something to show.
import { defineMigration, RunCode } from 'reinhardt/db/migrations';

const SAMPLES: [string, string[]][] = [
  ["What's your favourite part of Django?", ['The ORM', 'The admin', 'Migrations', 'Templates']],
  ['Tabs or spaces?', ['Tabs', 'Spaces', 'Whatever the formatter says']],
  ['Which database do you deploy on?', ['SQLite', 'PostgreSQL', 'MySQL or MariaDB']],
];

export default defineMigration({
  dependencies: [['polls', '0001_initial']],
  operations: [
    new RunCode({
      code: async ({ apps }) => {
        const Question = apps.getModel('polls.Question');
        const Choice = apps.getModel('polls.Choice');
        let minutesAgo = 10;
        for (const [text, choices] of SAMPLES) {
          const question = await Question.create({ questionText: text, pubDate: new Date(Date.now() - minutesAgo-- * 60_000) });
          for (const choiceText of choices) await Choice.create({ question: question.id, choiceText, votes: 0 });
        }
      },
      reverseCode: async ({ apps }) => {
        const Question = apps.getModel('polls.Question');
        const Choice = apps.getModel('polls.Choice');
        for (const [text] of SAMPLES) {
          for (const q of await Question.all()) {
            if (q.questionText === text) {
              await Choice.delete({ question: q.id });
              await Question.delete({ id: q.id });
            }
          }
        }
      },
    }),
  ],
});
