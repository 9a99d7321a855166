import { Module } from '@nestjs/common';
import { ChartsServiceModule } from '@revcycle/charts';
import { runService } from '@revcycle/runtime';

@Module({})
class ChartsApp {}

void runService({
  name: 'charts',
  description: 'Patients, payers and coverages, providers, encounters; emits charts.encounter.finalized.',
  defaultPort: 3001,
  rootModule: (runtime) => ({ module: ChartsApp, imports: [runtime, ChartsServiceModule.register()] }),
});
