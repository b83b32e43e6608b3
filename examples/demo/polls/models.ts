// The polls app's models: a question and its choices (Django's tutorial, in TypeScript).
import { Model, fields, CASCADE, type RelatedManager } from 'reinhardt/db';

export class Question extends Model.define<Question>()({
  questionText: fields.CharField({ maxLength: 200 }),
  pubDate: fields.DateTimeField({ verboseName: 'date published' }),
}, { ordering: ['-pubDate'] }) {
  declare choices: RelatedManager<Choice>;

  /** Whether the question was published in the last day. */
  wasPublishedRecently(now = new Date()): boolean {
    return this.pubDate.getTime() >= now.getTime() - 86_400_000 && this.pubDate <= now;
  }

  override toString(): string {
    return this.questionText;
  }
}

export class Choice extends Model.define<Choice>()({
  question: fields.ForeignKey(Question, { onDelete: CASCADE, relatedName: 'choices' }),
  choiceText: fields.CharField({ maxLength: 200 }),
  votes: fields.IntegerField({ default: 0 }),
}) {
  override toString(): string {
    return this.choiceText;
  }
}
