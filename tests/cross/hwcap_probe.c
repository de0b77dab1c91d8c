/*
 * Prints which ARMv8 Crypto Extensions getauxval(AT_HWCAP) reports ("aes sha2", or
 * "none"), so the AArch64 run can show that the nohwcap.c shim took effect before it
 * trusts the suites to have run the portable code.
 */
#include <stdio.h>
#include <sys/auxv.h>

int main(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    int aes = (hw >> 3) & 1, sha2 = (hw >> 6) & 1;

    if (!aes && !sha2)
        printf("none\n");
    else
        printf("%s%s%s\n", aes ? "aes" : "", aes && sha2 ? " " : "", sha2 ? "sha2" : "");
    return 0;
}
