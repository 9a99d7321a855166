import { Module } from '@nestjs/common';
import { ServiceAppSpec } from '@revcycle/runtime';
import { RemittanceServiceModule } from './remittance.module';

@Module({})
class RemittanceApp {}

/** The remittance service as its own process (`apps/remittance`), or in tests. */
export const remittanceServiceSpec: ServiceAppSpec = {
  name: 'remittance',
  description: 'Ledger of billed claims for 835 matching; remittance posting and reconciliation.',
  defaultPort: 3004,
  rootModule: (runtime) => ({
    module: RemittanceApp,
    imports: [runtime, RemittanceServiceModule.register()],
  }),
};
