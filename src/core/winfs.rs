//! What Windows needs and its standard library does not give: the only module with `unsafe`.
//!
//! - [`create_owner_only`]: a new file whose DACL lets only the current user in, set at creation
//!   (`CreateFileW` with a security descriptor). POSIX mode 0600 means nothing on Windows: a file
//!   created there inherits its folder's ACL, often readable by every user of the machine. Setting
//!   the ACL after creating the file would not do: a handle opened in between keeps its access.
//!   (Wine keeps no DACL: it turns the descriptor into the Unix mode — the user's entry gives
//!   user and group read/write, 0640 after the umask — and reads back a descriptor made from the
//!   mode, with SYSTEM and without protection. The Wine tests check what that can show.)
//! - [`rename_noreplace`]: `MoveFileExW` without `MOVEFILE_REPLACE_EXISTING`, which fails when
//!   anything is at the target — the Windows counterpart of `renameat2(RENAME_NOREPLACE)`.
//!   (`std::fs::rename` replaces on Windows.)
//! - [`describe_acl`] and [`current_user_sid`]: a file's owner and DACL as SDDL, to read the ACL
//!   back (the Windows tests do).
//! - [`user_locale`]: the user's UI locale name (`GetUserDefaultLocaleName`), for the window's
//!   language where no `LANG` is set.
//! - [`release_console_if_own`]: the window started from Explorer or the Start menu closes the
//!   console Windows opened for this console program (`FreeConsole`); a shared one stays.
//! - [`crash_reports_off`]: `SetErrorMode(SEM_NOGPFAULTERRORBOX)`, so a crash does not invoke
//!   Windows Error Reporting, whose reports (and LocalDumps, where configured) carry memory.
//!
//! Sources: Microsoft Learn, "CreateFileW", "MoveFileExW", "Security Descriptor String Format",
//! "ConvertStringSecurityDescriptorToSecurityDescriptorW", "GetNamedSecurityInfoW",
//! "GetTokenInformation", "GetUserDefaultLocaleName", "SetErrorMode", "GetConsoleProcessList", "FreeConsole". Every call here is checked; every buffer
//! the system allocates is freed with `LocalFree`; every handle is closed or owned by a `File`.
#![allow(unsafe_code)]

use std::fs::File;
use std::io;
use std::os::windows::ffi::OsStrExt as _;
use std::os::windows::io::{FromRawHandle as _, RawHandle};
use std::path::Path;
use std::ptr::null_mut;

use windows_sys::core::PWSTR;
use windows_sys::Win32::Foundation::{
    CloseHandle, LocalFree, GENERIC_WRITE, HANDLE, INVALID_HANDLE_VALUE,
};
use windows_sys::Win32::Globalization::GetUserDefaultLocaleName;
use windows_sys::Win32::Security::Authorization::{
    ConvertSecurityDescriptorToStringSecurityDescriptorW, ConvertSidToStringSidW,
    ConvertStringSecurityDescriptorToSecurityDescriptorW, GetNamedSecurityInfoW, SDDL_REVISION_1,
    SE_FILE_OBJECT,
};
use windows_sys::Win32::Security::{
    GetTokenInformation, TokenUser, DACL_SECURITY_INFORMATION, OWNER_SECURITY_INFORMATION,
    PSECURITY_DESCRIPTOR, SECURITY_ATTRIBUTES, TOKEN_QUERY, TOKEN_USER,
};
use windows_sys::Win32::Storage::FileSystem::{
    CreateFileW, MoveFileExW, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, MOVEFILE_WRITE_THROUGH,
};
use windows_sys::Win32::System::Console::{FreeConsole, GetConsoleProcessList};
use windows_sys::Win32::System::Diagnostics::Debug::{
    SetErrorMode, SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// The path as a NUL-terminated UTF-16 string.
fn wide(s: &std::ffi::OsStr) -> Vec<u16> {
    s.encode_wide().chain(std::iter::once(0)).collect()
}

/// A string the system allocated (`LocalAlloc`), freed on drop.
struct LocalString(PWSTR);

impl LocalString {
    fn to_string_lossy(&self) -> String {
        if self.0.is_null() {
            return String::new();
        }
        // SAFETY: the system returned a NUL-terminated UTF-16 string at this address; we read up
        // to its terminator only.
        unsafe {
            let mut len = 0usize;
            while *self.0.add(len) != 0 {
                len += 1;
            }
            String::from_utf16_lossy(std::slice::from_raw_parts(self.0, len))
        }
    }
}

impl Drop for LocalString {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: allocated by the system with LocalAlloc, freed once.
            unsafe { LocalFree(self.0.cast()) };
        }
    }
}

/// A security descriptor the system allocated, freed on drop.
struct LocalDescriptor(PSECURITY_DESCRIPTOR);

impl Drop for LocalDescriptor {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: allocated by the system with LocalAlloc, freed once.
            unsafe { LocalFree(self.0) };
        }
    }
}

/// The current user's SID in string form (`S-1-5-21-…`).
pub fn current_user_sid() -> io::Result<String> {
    // SAFETY: each call gets valid pointers to locals; the token handle is closed below; the
    // TOKEN_USER is read from a buffer of the size the system asked for, aligned for it.
    unsafe {
        let mut token: HANDLE = null_mut();
        if OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) == 0 {
            return Err(io::Error::last_os_error());
        }
        let mut len = 0u32;
        GetTokenInformation(token, TokenUser, null_mut(), 0, &mut len);
        let mut buf = vec![0u64; (len as usize).div_ceil(8).max(1)];
        let got = GetTokenInformation(token, TokenUser, buf.as_mut_ptr().cast(), len, &mut len);
        let err = io::Error::last_os_error();
        CloseHandle(token);
        if got == 0 {
            return Err(err);
        }
        let user = &*(buf.as_ptr() as *const TOKEN_USER);
        let mut s: PWSTR = null_mut();
        if ConvertSidToStringSidW(user.User.Sid, &mut s) == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(LocalString(s).to_string_lossy())
    }
}

/// The DACL of a file only its owner may use: protected (nothing inherited from the folder), one
/// entry allowing the current user to read, write and delete it — the counterpart of mode 0600.
/// (The owner also keeps, implicitly, the right to read and change the DACL.)
pub fn owner_only_sddl(user_sid: &str) -> String {
    format!("D:P(A;;FRFWSD;;;{user_sid})")
}

/// Create `path` (it must not exist) for writing, readable and writable by the current user alone
/// from its first byte.
pub fn create_owner_only(path: &Path) -> io::Result<File> {
    let sddl = wide(owner_only_sddl(&current_user_sid()?).as_ref());
    let name = wide(path.as_os_str());
    // SAFETY: the SDDL and path are NUL-terminated; the descriptor is freed after CreateFileW has
    // copied it into the new file; the handle, when valid, is handed to a File that owns it.
    unsafe {
        let mut sd: PSECURITY_DESCRIPTOR = null_mut();
        if ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl.as_ptr(),
            SDDL_REVISION_1,
            &mut sd,
            null_mut(),
        ) == 0
        {
            return Err(io::Error::last_os_error());
        }
        let sd = LocalDescriptor(sd);
        let sa = SECURITY_ATTRIBUTES {
            nLength: std::mem::size_of::<SECURITY_ATTRIBUTES>() as u32,
            lpSecurityDescriptor: sd.0,
            bInheritHandle: 0,
        };
        let h = CreateFileW(
            name.as_ptr(),
            GENERIC_WRITE,
            0, // no sharing while we write
            &sa,
            CREATE_NEW,
            FILE_ATTRIBUTE_NORMAL,
            null_mut(),
        );
        if h == INVALID_HANDLE_VALUE {
            return Err(io::Error::last_os_error());
        }
        Ok(File::from_raw_handle(h as RawHandle))
    }
}

/// Move `from` to `to` (a file or a folder, same volume), failing if anything is at `to`.
pub fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    let (f, t) = (wide(from.as_os_str()), wide(to.as_os_str()));
    // SAFETY: both strings are NUL-terminated and live across the call.
    if unsafe { MoveFileExW(f.as_ptr(), t.as_ptr(), MOVEFILE_WRITE_THROUGH) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// The owner and DACL of `path` in SDDL (`O:S-1-5-…D:P(A;;…;;;S-1-5-…)`).
pub fn describe_acl(path: &Path) -> io::Result<String> {
    let name = wide(path.as_os_str());
    let what = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    // SAFETY: out-pointers to locals; the descriptor the system allocates is freed on drop, and
    // the owner/DACL pointers into it are not used after.
    unsafe {
        let mut sd: PSECURITY_DESCRIPTOR = null_mut();
        let rc = GetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            what,
            null_mut(),
            null_mut(),
            null_mut(),
            null_mut(),
            &mut sd,
        );
        if rc != 0 {
            return Err(io::Error::from_raw_os_error(rc as i32));
        }
        let sd = LocalDescriptor(sd);
        let mut s: PWSTR = null_mut();
        if ConvertSecurityDescriptorToStringSecurityDescriptorW(
            sd.0,
            SDDL_REVISION_1,
            what,
            &mut s,
            null_mut(),
        ) == 0
        {
            return Err(io::Error::last_os_error());
        }
        Ok(LocalString(s).to_string_lossy())
    }
}

/// The user's default locale name (`zh-CN`, `en-US`), if the system gives one.
pub fn user_locale() -> Option<String> {
    let mut buf = [0u16; 85]; // LOCALE_NAME_MAX_LENGTH
                              // SAFETY: the buffer and its length in UTF-16 units.
    let n = unsafe { GetUserDefaultLocaleName(buf.as_mut_ptr(), buf.len() as i32) };
    if n <= 1 {
        return None;
    }
    Some(String::from_utf16_lossy(&buf[..n as usize - 1]))
}

/// Crashes of this process do not invoke Windows Error Reporting (no report, no dump), and no
/// critical-error box waits for a click. Process-wide; set once at start.
pub fn crash_reports_off() {
    // SAFETY: no pointers; sets the process's error mode.
    unsafe { SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX) };
}

/// Started from Explorer or the Start menu, this console program gets a console window of its
/// own, which would sit behind the wizard's window: let it go. A console shared with the shell
/// that started us (cmd, PowerShell) has other processes attached and stays, so the command line
/// keeps its output.
pub fn release_console_if_own() {
    let mut ids = [0u32; 4];
    // SAFETY: the buffer and its length in u32s.
    let attached = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    if attached == 1 {
        // SAFETY: no arguments; detaches this process from its console.
        unsafe { FreeConsole() };
    }
}
