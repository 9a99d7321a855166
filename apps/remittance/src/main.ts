import { remittanceServiceSpec } from '@revcycle/remittance';
import { runService } from '@revcycle/runtime';

void runService(remittanceServiceSpec);
