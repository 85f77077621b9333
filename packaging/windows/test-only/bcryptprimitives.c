/*
 * TEST-ONLY stand-in for Windows' bcryptprimitives.dll, for running the Windows build under Wine 8.
 * NEVER SHIPPED: no package, zip, installer or release artefact may contain it.
 *
 * Why: Rust's std (and the getrandom crate, 0.3) on Windows 10+ get their randomness from
 * ProcessPrng, imported from bcryptprimitives.dll at load time. Every real Windows 10 and later
 * has that DLL (it is the system's own user-mode CSPRNG); Debian 12's Wine 8 does not, so
 * byok-wizard.exe would not even start there ("Library bcryptprimitives.dll ... not found"). This file exports only
 * ProcessPrng and fills the buffer from RtlGenRandom (advapi32!SystemFunction036), which Wine
 * implements over the host's random source.
 *
 * Built by scripts/wine-env.sh into a cache directory outside the repository and copied into
 * the Wine prefix's drive_c/windows/system32/ only:
 *   x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll \
 *       bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>
#include <ntsecapi.h> /* RtlGenRandom, which is #defined to its export name SystemFunction036 */

/* The real ProcessPrng never fails, so callers do not check: Rust's std only debug_asserts the
 * result, a release build would go on with a buffer that was never filled. So a failure here
 * ends the process, loudly, instead of returning FALSE. */
static void die(void)
{
    static const char msg[] = "bcryptprimitives.dll (TEST-ONLY stand-in): RtlGenRandom failed\n";
    DWORD written;
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), msg, sizeof msg - 1, &written, NULL);
    TerminateProcess(GetCurrentProcess(), 3);
}

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > (SIZE_T)ULONG_MAX ? ULONG_MAX : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            die();
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
