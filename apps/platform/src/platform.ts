import { Module } from '@nestjs/common';
import { ChartsServiceModule } from '@revcycle/charts';
import { ClaimsServiceModule } from '@revcycle/claims';
import { CodingServiceModule } from '@revcycle/coding';
import { ComplianceServiceModule } from '@revcycle/compliance';
import { RemittanceServiceModule } from '@revcycle/remittance';
import { ServiceAppSpec } from '@revcycle/runtime';

@Module({})
class PlatformApp {}

/** All five services in one process (DESIGN.md "Embedded default"): one port, one /docs. */
export const platformSpec: ServiceAppSpec = {
  name: 'platform',
  description: 'revcycle in one process: charts, coding, claims, remittance and compliance.',
  defaultPort: 3000,
  embeddedDefaults: true,
  servesPortal: true,
  rootModule: (runtime) => ({
    module: PlatformApp,
    imports: [
      runtime,
      ChartsServiceModule.register(),
      CodingServiceModule.register(),
      ClaimsServiceModule.register(),
      RemittanceServiceModule.register(),
      ComplianceServiceModule.register({ createFirstAdmin: true }),
    ],
  }),
};
