/* Same guest configuration as cma34cr_minimal (kernel, initrd, command line). */
#include "../../cma34cr_minimal/configurations/cma34cr_minimal.h"
