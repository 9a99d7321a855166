import { Module } from '@nestjs/common';
import { ClaimsServiceModule } from '@revcycle/claims';
import { runService } from '@revcycle/runtime';

@Module({})
class ClaimsApp {}

void runService({
  name: 'claims',
  description: 'Builds and stores claims (header + service lines, cents, diagnosis pointers) from coded encounters.',
  defaultPort: 3003,
  rootModule: (runtime) => ({ module: ClaimsApp, imports: [runtime, ClaimsServiceModule.register()] }),
});
