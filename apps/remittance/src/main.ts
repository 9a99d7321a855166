import { Module } from '@nestjs/common';
import { RemittanceServiceModule } from '@revcycle/remittance';
import { runService } from '@revcycle/runtime';

@Module({})
class RemittanceApp {}

void runService({
  name: 'remittance',
  description: 'Ledger of billed claims for 835 matching; remittance posting and reconciliation.',
  defaultPort: 3004,
  rootModule: (runtime) => ({ module: RemittanceApp, imports: [runtime, RemittanceServiceModule.register()] }),
});
