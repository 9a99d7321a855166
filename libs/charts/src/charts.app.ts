import { Module } from '@nestjs/common';
import { ServiceAppSpec } from '@revcycle/runtime';
import { ChartsServiceModule } from './charts.module';

@Module({})
class ChartsApp {}

/** The charts service as its own process (`apps/charts`), or in tests. */
export const chartsServiceSpec: ServiceAppSpec = {
  name: 'charts',
  description: 'Patients, payers and coverages, providers, encounters; emits charts.encounter.finalized.',
  defaultPort: 3001,
  rootModule: (runtime) => ({ module: ChartsApp, imports: [runtime, ChartsServiceModule.register()] }),
};
