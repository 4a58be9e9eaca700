import type { PluginContext } from '../../../core/index.ts';
import { notesOf } from '../service/index.ts';
import type { NotesSettings } from '../service/deps.ts';
import { commentAndBoardResolvers } from './comment.ts';
import { noteTypeResolvers } from './note.ts';
import { operationResolvers } from './operations.ts';

export function notesResolvers(ctx: PluginContext<NotesSettings>) {
  const notes = notesOf(ctx);
  return { ...noteTypeResolvers(notes), ...commentAndBoardResolvers(notes), ...operationResolvers(notes) };
}
