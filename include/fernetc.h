/*
 * fernet-c umbrella header: every public module of the library.
 */
#ifndef FERNETC_H
#define FERNETC_H

#include "fc_common.h"
#include "fc_sha256.h"
#include "fc_hmac.h"
#include "fc_pbkdf2.h"
#include "fc_base64.h"
#include "fc_aes.h"
#include "fc_fernet.h"
#include "fc_password.h"
/* The platform unit (OS clock and randomness) is the one module firmware builds leave out.
 * Such a build defines FC_NO_PLATFORM (the Makefile and fernetc.pc do when MODULES lacks
 * platform) and gets every other module from this header. */
#ifndef FC_NO_PLATFORM
#include "fc_platform.h"
#endif

#endif /* FERNETC_H */
