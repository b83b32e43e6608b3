// Model signals (Django's pre_save, post_save, pre_delete, post_delete, m2m_changed), sent by
// the model layer with the model class as sender.
import { Signal } from '../../core/signals.ts';

/** Sent before an instance is saved. */
export const preSave = new Signal<unknown, { instance: unknown; raw: boolean; using: string; updateFields: readonly string[] | null }>();
/** Sent after an instance is saved; `created` is true for inserts. */
export const postSave = new Signal<unknown, { instance: unknown; created: boolean; raw: boolean; using: string; updateFields: readonly string[] | null }>();
/** Sent before each instance is deleted (also for cascaded ones). */
export const preDelete = new Signal<unknown, { instance: unknown; using: string; origin: unknown }>();
/** Sent after each instance is deleted. */
export const postDelete = new Signal<unknown, { instance: unknown; using: string; origin: unknown }>();
/**
 * Sent when a many-to-many relation changes: `action` is preAdd/postAdd/preRemove/postRemove/
 * preClear/postClear; sender is the intermediate (through) model.
 */
export const m2mChanged = new Signal<unknown, { instance: unknown; action: 'preAdd' | 'postAdd' | 'preRemove' | 'postRemove' | 'preClear' | 'postClear'; reverse: boolean; model: unknown; pkSet: Set<unknown> | null; using: string }>();
