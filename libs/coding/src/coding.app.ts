import { Module } from '@nestjs/common';
import { ServiceAppSpec } from '@revcycle/runtime';
import { CodingServiceModule } from './coding.module';

@Module({})
class CodingApp {}

/** The coding service as its own process (`apps/coding`), or in tests. */
export const codingServiceSpec: ServiceAppSpec = {
  name: 'coding',
  description:
    'Validates finalized encounters against ICD-10-CM and CPT/HCPCS formats; the coder work queue.',
  defaultPort: 3002,
  rootModule: (runtime) => ({ module: CodingApp, imports: [runtime, CodingServiceModule.register()] }),
};
