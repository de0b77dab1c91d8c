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
#include "fc_platform.h"

#endif /* FERNETC_H */
