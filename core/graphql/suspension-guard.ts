// Suspended accounts keep reading (and signing in, to see why and appeal)
// but may not change anything: a mutation is refused unless every field it
// calls is marked @whileSuspended. Checked once per mutation, for HTTP,
// WebSocket and in-process GraphQL alike.

import { GraphQLError, Kind, getOperationAST, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Viewer } from './context.ts';
import type { Suspension } from '../accounts/suspensions.ts';

export async function suspendedRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  viewer: Viewer | null,
  suspensionOf: (accountId: number) => Promise<Suspension | null>,
): Promise<GraphQLError | null> {
  if (!viewer) return null;
  const operation = getOperationAST(document, operationName ?? undefined);
  if (operation?.operation !== 'mutation') return null;
  const fields = schema.getMutationType()?.getFields() ?? {};
  const names = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : ['…']));
  const allowed = names.every((name) => fields[name]?.astNode?.directives?.some((d) => d.name.value === 'whileSuspended'));
  if (allowed) return null;
  const suspension = await suspensionOf(viewer.accountId);
  if (!suspension) return null;
  const until = suspension.until ? ` until ${suspension.until.toISOString()}` : '';
  return new GraphQLError(`Your account is suspended${until}: ${suspension.reason}. You can still read and appeal.`, {
    extensions: { code: 'FORBIDDEN', reason: 'ACCOUNT_SUSPENDED', until: suspension.until?.toISOString() ?? null },
  });
}
