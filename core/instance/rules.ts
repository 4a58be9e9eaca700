// The instance's rules: an ordered list of short rules, public as
// `instance { rules }` and shown at sign-up (signUp needs acceptRules when
// there are any). Admins add, reword, remove and move single rules here; a
// rule is named by its text, so an edit made meanwhile by another admin is
// a clear NOT_FOUND instead of a change to the wrong rule. updateBranding
// still replaces the whole list at once.

import type { Kernel } from '../kernel.ts';
import type { PluginContext } from '../plugins/context.ts';
import type { Resolvers } from '../plugins/define.ts';
import { requireRole } from '../graphql/context.ts';
import { SettingsChanged } from '../hooks/core-hooks.ts';
import { badInput, conflict, notFound } from '../errors/errors.ts';
import { INSTANCE_UPDATED } from './graphql.ts';
import type { InstanceSettings } from './contracts.ts';

export const MAX_RULES = 50;
export const MAX_RULE_LENGTH = 500;

export const rulesTypeDefs = /* GraphQL */ `
  extend type Mutation {
    "Admin: add a rule (one line, at most 500 characters; at most 50 rules, each once) at a position counted from 1 (default: last). Returns the rules."
    addInstanceRule(text: String!, position: Int): [String!]!
    "Admin: reword a rule, named by its current text. Returns the rules."
    editInstanceRule(rule: String!, text: String!): [String!]!
    "Admin: remove a rule, named by its text. Returns the rules."
    removeInstanceRule(rule: String!): [String!]!
    "Admin: move a rule, named by its text, to a position counted from 1. Returns the rules."
    moveInstanceRule(rule: String!, position: Int!): [String!]!
  }
`;

/** A rule's text: one line of 1–500 characters. */
export function cleanRule(raw: unknown, field = 'text'): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) throw badInput('A rule needs some text', { field });
  if (/[\u0000-\u001f\u007f]/.test(text)) throw badInput('A rule is one line of text, without line breaks', { field });
  if ([...text].length > MAX_RULE_LENGTH) throw badInput(`A rule is at most ${MAX_RULE_LENGTH} characters`, { field });
  return text;
}

function placeOf(rules: string[], rule: unknown): number {
  const index = typeof rule === 'string' ? rules.indexOf(rule.trim()) : -1;
  if (index < 0) throw notFound('This rule (it may have just been changed or removed)');
  return index;
}

/** A 1-based position turned into an index of a list of `length` items. */
function indexOf(position: number | null | undefined, length: number): number {
  if (position == null) return length;
  if (!Number.isInteger(position) || position < 1 || position > length + 1) {
    throw badInput(`The position counts from 1 and is at most ${length + 1}`, { field: 'position' });
  }
  return position - 1;
}

export function rulesResolvers(kernel: () => Kernel) {
  return (ctx: PluginContext<InstanceSettings>): Resolvers => {
    const change = async (gctx: Parameters<typeof requireRole>[0], edit: (rules: string[]) => string[]) => {
      requireRole(gctx, 'admin');
      const rules = edit([...ctx.settings().rules]);
      await kernel().state.updateSettings('instance', { rules });
      await ctx.hooks.emit(SettingsChanged, { plugin: 'instance', settings: ctx.settings() });
      ctx.pubsub.publish(INSTANCE_UPDATED, {});
      return ctx.settings().rules;
    };
    const unique = (rules: string[], text: string, except = -1) => {
      if (rules.some((r, i) => i !== except && r === text)) throw conflict('This rule is already listed', { field: 'text' });
    };
    return {
      Mutation: {
        addInstanceRule: (_: unknown, args: { text: string; position?: number | null }, gctx) =>
          change(gctx, (rules) => {
            const text = cleanRule(args.text);
            unique(rules, text);
            if (rules.length >= MAX_RULES) throw badInput(`An instance has at most ${MAX_RULES} rules`, { field: 'text' });
            rules.splice(indexOf(args.position, rules.length), 0, text);
            return rules;
          }),
        editInstanceRule: (_: unknown, args: { rule: string; text: string }, gctx) =>
          change(gctx, (rules) => {
            const index = placeOf(rules, args.rule);
            const text = cleanRule(args.text);
            unique(rules, text, index);
            rules[index] = text;
            return rules;
          }),
        removeInstanceRule: (_: unknown, args: { rule: string }, gctx) =>
          change(gctx, (rules) => {
            rules.splice(placeOf(rules, args.rule), 1);
            return rules;
          }),
        moveInstanceRule: (_: unknown, args: { rule: string; position: number }, gctx) =>
          change(gctx, (rules) => {
            const from = placeOf(rules, args.rule);
            const [rule] = rules.splice(from, 1);
            rules.splice(indexOf(args.position, rules.length), 0, rule!);
            return rules;
          }),
      },
    };
  };
}
