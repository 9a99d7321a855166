import { claimsServiceSpec } from '@revcycle/claims';
import { runService } from '@revcycle/runtime';

void runService(claimsServiceSpec);
