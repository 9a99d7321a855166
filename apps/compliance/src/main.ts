import { complianceServiceSpec } from '@revcycle/compliance';
import { runService } from '@revcycle/runtime';

void runService(complianceServiceSpec);
