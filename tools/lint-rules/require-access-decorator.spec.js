// Run by jest through tools/jest.config.js.
const { RuleTester } = require('eslint');
const { parser: tsParser } = require('typescript-eslint');
const rule = require('./require-access-decorator');

const tester = new RuleTester({ languageOptions: { parser: tsParser } });

// RuleTester defines its own describe/it blocks (one test per case).
tester.run('require-access-decorator', rule, {
  valid: [
    '@Controller() class A { @Get() @HasPermission(permissions.readChart) list() {} }',
    '@Controller() class B { @Get() @Public() health() {} }',
    '@Controller() @Public() class C { @Get() docs() {} }',
    '@Controller() class D { @EventPattern("x") onEvent() {} helper() {} }',
  ],
  invalid: [
    { code: '@Controller() class E { @Get(":id") get() {} }', errors: [{ messageId: 'missing' }] },
    {
      code: '@Controller() class F { @Post() @AuditedPhiAccess({}) create() {} }',
      errors: [{ messageId: 'missing' }],
    },
  ],
});
