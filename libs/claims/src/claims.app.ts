import { Module } from '@nestjs/common';
import { ServiceAppSpec } from '@revcycle/runtime';
import { ClaimsServiceModule } from './claims.module';

@Module({})
class ClaimsApp {}

/** The claims service as its own process (`apps/claims`), or in tests. */
export const claimsServiceSpec: ServiceAppSpec = {
  name: 'claims',
  description:
    'Builds and stores claims (header + service lines, cents, diagnosis pointers) from coded encounters.',
  defaultPort: 3003,
  rootModule: (runtime) => ({ module: ClaimsApp, imports: [runtime, ClaimsServiceModule.register()] }),
};
