// Models shared by the ORM test files (not a test file itself).
import { Model, fields, CASCADE, PROTECT, SET_NULL, RESTRICT, SET_DEFAULT, DO_NOTHING, ref, type RelatedManager, type ManyRelatedManager } from '../../../src/db/models/index.ts';

export class Question extends Model.define<Question>()({
  questionText: fields.CharField({ maxLength: 200 }),
  pubDate: fields.DateTimeField(),
}, { appLabel: 'polls', ordering: ['-pubDate'], getLatestBy: 'pubDate' }) {
  declare choices: RelatedManager<Choice>;
  wasPublishedRecently(now = new Date()): boolean {
    return this.pubDate.getTime() >= now.getTime() - 86_400_000 && this.pubDate <= now;
  }
}

export class Choice extends Model.define<Choice>()({
  question: fields.ForeignKey(Question, { onDelete: CASCADE, relatedName: 'choices' }),
  choiceText: fields.CharField({ maxLength: 200 }),
  votes: fields.IntegerField({ default: 0 }),
}, { appLabel: 'polls' }) {}

export class Author extends Model.define<Author>()({
  name: fields.CharField({ maxLength: 100 }),
  email: fields.EmailField({ null: true, unique: true }),
  age: fields.PositiveIntegerField({ null: true }),
  rating: fields.DecimalField({ maxDigits: 5, decimalPlaces: 2, null: true }),
  data: fields.JSONField<Record<string, unknown>, { null: true }>({ null: true }),
  mentor: fields.ForeignKey(ref<Author>('self'), { onDelete: SET_NULL, null: true, relatedName: 'mentees' }),
}, { appLabel: 'library', ordering: ['name'] }) {
  declare books: RelatedManager<Book>;
  declare mentees: RelatedManager<Author>;
}

export class Publisher extends Model.define<Publisher>()({
  name: fields.CharField({ maxLength: 100, unique: true }),
}, { appLabel: 'library' }) {
  declare books: RelatedManager<Book>;
}

export class Tag extends Model.define<Tag>()({
  label: fields.SlugField({ unique: true }),
}, { appLabel: 'library', ordering: ['label'] }) {
  declare books: ManyRelatedManager<Book>;
}

export class Book extends Model.define<Book>()({
  title: fields.CharField({ maxLength: 200 }),
  status: fields.CharField({ maxLength: 1, choices: [['d', 'Draft'], ['p', 'Published']], default: 'd' }),
  pages: fields.IntegerField({ default: 0 }),
  price: fields.DecimalField({ maxDigits: 8, decimalPlaces: 2, null: true }),
  published: fields.DateField({ null: true }),
  author: fields.ForeignKey(Author, { onDelete: CASCADE, relatedName: 'books' }),
  publisher: fields.ForeignKey(Publisher, { onDelete: PROTECT, null: true, relatedName: 'books' }),
  tags: fields.ManyToManyField(Tag, { relatedName: 'books' }),
}, { appLabel: 'library', ordering: ['title'] }) {
  label(): string {
    return `${this.title} (${this.pages}p)`;
  }
}

export class Shelf extends Model.define<Shelf>()({
  name: fields.CharField({ maxLength: 50 }),
  book: fields.ForeignKey(Book, { onDelete: RESTRICT, null: true, relatedName: 'shelves' }),
  fallback: fields.ForeignKey(Book, { onDelete: SET_DEFAULT, null: true, default: null, relatedName: 'fallbackShelves' }),
  loose: fields.ForeignKey(Book, { onDelete: DO_NOTHING, null: true, relatedName: '+', dbConstraint: false }),
}, { appLabel: 'library' }) {}

export const pollsModels = [Question, Choice];
export const libraryModels = [Author, Publisher, Tag, Book, Shelf];
