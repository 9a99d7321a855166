import { Module } from '@nestjs/common';
import { ComplianceServiceModule } from '@revcycle/compliance';
import { runService } from '@revcycle/runtime';

@Module({})
class ComplianceApp {}

void runService({
  name: 'compliance',
  description: 'Append-only, hash-chained audit log of PHI access from every service.',
  defaultPort: 3005,
  rootModule: (runtime) => ({ module: ComplianceApp, imports: [runtime, ComplianceServiceModule.register()] }),
});
