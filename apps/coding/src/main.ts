import { Module } from '@nestjs/common';
import { CodingServiceModule } from '@revcycle/coding';
import { runService } from '@revcycle/runtime';

@Module({})
class CodingApp {}

void runService({
  name: 'coding',
  description: 'Validates finalized encounters against ICD-10-CM and CPT/HCPCS formats; the coder work queue.',
  defaultPort: 3002,
  rootModule: (runtime) => ({ module: CodingApp, imports: [runtime, CodingServiceModule.register()] }),
});
