; byok-wizard installer for Windows (NSIS 3, Modern UI 2). Built by scripts/package-windows.sh:
;
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DSTAGE=<folder> \
;            -DEXE=<folder>/byok-wizard.exe -DICON=<byok-wizard.ico> -DSIZE_KB=<n> \
;            -DOUTFILE=<byok-wizard-0.1.0-windows-x86_64-setup.exe> packaging/windows/installer.nsi
;
; STAGE is the folder that also goes into the portable zip (README.md, SECURITY.md, LICENSE.txt,
; FONT-LICENSE.txt, README-windows.txt). Optional: -DSIGN_SCRIPT=<scripts/package-windows.sh>
; signs the uninstaller while it is being built (!uninstfinalize).
;
; Per user, no administrator: installs into %LOCALAPPDATA%\Programs\byok-wizard, puts one
; shortcut in the user's Start menu and registers the uninstaller under HKCU. The uninstaller
; deletes the files listed below by name and then removes the folder only if it is empty: it
; never deletes a folder recursively, so nothing the user put there is lost, and the user's
; settings (%APPDATA%\byok-wizard) are kept.

!ifndef VERSION | VERSION4 | STAGE | EXE | ICON | OUTFILE | SIZE_KB
  !error "define VERSION, VERSION4, STAGE, EXE, ICON, OUTFILE and SIZE_KB (see the header)"
!endif

Unicode true
Target amd64-unicode            ; a 64-bit installer for a 64-bit program (Windows 10/11 x64)
ManifestDPIAware true
ManifestSupportedOS all
RequestExecutionLevel user      ; never asks for elevation
SetCompressor /SOLID lzma
SetDateSave on
CRCCheck on

!define APP "byok-wizard"
!define APP_NAME "BYOK Wizard"
!define PUBLISHER "The byok-wizard developers"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${APP} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=1033 "ProductName" "${APP}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP} ${VERSION} setup (per-user)"
VIAddVersionKey /LANG=1033 "LegalCopyright" "© ${PUBLISHER}. Apache License 2.0."

!ifdef SIGN_SCRIPT
  ; Sign the uninstaller before it is packed into the installer (NSIS 3.08+).
  !uninstfinalize '"${SIGN_SCRIPT}" --sign-file "%1"' = 0
!endif

!include "MUI2.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\byok-wizard.exe"
!define MUI_FINISHPAGE_RUN_NOTCHECKED
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\README-windows.txt"
!define MUI_FINISHPAGE_SHOWREADME_NOTCHECKED

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback; otherwise Windows' display language picks (no dialog).
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString SHORTCUT_DESC ${LANG_ENGLISH} "Wrap your own key material for import into a cloud KMS, offline"
LangString SHORTCUT_DESC ${LANG_SIMPCHINESE} "离线封装自有密钥材料，以导入云 KMS"

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; Keep this list and the Delete list in the uninstaller in step (package-windows.sh checks
  ; that every file of STAGE is named here).
  File "/oname=byok-wizard.exe" "${EXE}"
  File "/oname=README.md" "${STAGE}/README.md"
  File "/oname=SECURITY.md" "${STAGE}/SECURITY.md"
  File "/oname=LICENSE.txt" "${STAGE}/LICENSE.txt"
  File "/oname=FONT-LICENSE.txt" "${STAGE}/FONT-LICENSE.txt"
  File "/oname=README-windows.txt" "${STAGE}/README-windows.txt"

  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\byok-wizard.exe" "" \
      "$INSTDIR\byok-wizard.exe" 0 SW_SHOWNORMAL "" "$(SHORTCUT_DESC)"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\byok-wizard.exe,0"
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" ${SIZE_KB}
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\byok-wizard.exe"
  Delete "$INSTDIR\README.md"
  Delete "$INSTDIR\SECURITY.md"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\FONT-LICENSE.txt"
  Delete "$INSTDIR\README-windows.txt"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"                ; only if empty: no /r, ever

  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
