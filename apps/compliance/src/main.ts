import { complianceServiceMainSpec } from '@revcycle/compliance';
import { runService } from '@revcycle/runtime';

void runService(complianceServiceMainSpec);
