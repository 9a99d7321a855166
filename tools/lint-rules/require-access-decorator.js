// Every HTTP handler declares who may call it: @HasPermission(...) or @Public(), on the method or its
// controller class. The AccessGuard also refuses undeclared handlers at run time; this rule catches
// them before they ship (Twenty's habit: a lint rule for unguarded endpoints).
const HTTP_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head']);
const ACCESS = new Set(['HasPermission', 'Public']);

const decoratorName = (d) => {
  const e = d.expression;
  if (e.type === 'CallExpression' && e.callee.type === 'Identifier') return e.callee.name;
  if (e.type === 'Identifier') return e.name;
  return undefined;
};

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'HTTP handlers must declare @HasPermission or @Public' },
    messages: {
      missing: 'HTTP handler "{{name}}" declares no access: add @HasPermission(permissions.…) or @Public().',
    },
    schema: [],
  },
  create(context) {
    return {
      MethodDefinition(node) {
        const decorators = node.decorators ?? [];
        if (!decorators.some((d) => HTTP_METHODS.has(decoratorName(d)))) return;
        if (decorators.some((d) => ACCESS.has(decoratorName(d)))) return;
        const cls = node.parent?.parent;
        if ((cls?.decorators ?? []).some((d) => ACCESS.has(decoratorName(d)))) return;
        context.report({ node: node.key, messageId: 'missing', data: { name: node.key.name ?? '?' } });
      },
    };
  },
};
