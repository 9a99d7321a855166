import { Module } from '@nestjs/common';
import { ServiceAppSpec } from '@revcycle/runtime';
import { ComplianceServiceModule } from './compliance.module';

@Module({})
class ComplianceApp {}

/** The compliance service as its own process (`apps/compliance`), or in tests. */
export const complianceServiceSpec: ServiceAppSpec = {
  name: 'compliance',
  description: 'Append-only, hash-chained audit log of PHI access from every service, and portal sign-in.',
  defaultPort: 3005,
  rootModule: (runtime) => ({
    module: ComplianceApp,
    imports: [runtime, ComplianceServiceModule.register()],
  }),
};

/** `apps/compliance` main: the same, and it makes the first administrator of an empty deployment. */
export const complianceServiceMainSpec: ServiceAppSpec = {
  ...complianceServiceSpec,
  rootModule: (runtime) => ({
    module: ComplianceApp,
    imports: [runtime, ComplianceServiceModule.register({ createFirstAdmin: true })],
  }),
};
