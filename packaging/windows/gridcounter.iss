; Inno Setup script: the Windows installer of GridCounter 电力营业厅柜台业务系统.
; (UTF-8 with a byte-order mark: Inno Setup reads the Chinese names right only so.)
;
; It wraps the one-folder build of packaging/gridcounter.spec (the same spec as on Linux), made on a
; Windows PC with the program's venv:
;
;     py -m venv .venv && .venv\Scripts\pip install -e ".[package]"
;     .venv\Scripts\python packaging\build.py                         -> dist\gridcounter\
;     iscc /DAppVersion=0.1.0 packaging\windows\gridcounter.iss        -> dist\gridcounter-setup-0.1.0.exe
;
; (Inno Setup 6.3 or newer; AppVersion: [project] version in pyproject.toml.) NOT built or tested on
; the Linux build machine: Inno Setup and the Windows PyInstaller build need Windows (README.md,
; "Install on counter PCs").
;
; Per-machine install (administrator) into Program Files, a Start-menu entry, an optional desktop
; icon, and the uninstaller (Settings > Apps). Uninstalling removes the program folder only: the
; users' databases, settings and logs stay in their %LOCALAPPDATA%\GridCounter folders.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef DistDir
  #define DistDir SourcePath + "..\..\dist\gridcounter"
#endif
#define AppName "GridCounter"
#define AppNameZh "电力营业厅柜台业务系统"
#define AppExe "gridcounter.exe"
#define CliExe "gridcounter-cli.exe"

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{5B0E7C2A-3E8F-4F57-9A3D-6C1E2B7D4A90}
AppName={#AppName} {#AppNameZh}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#SourcePath}..\..\dist
OutputBaseFilename=gridcounter-setup-{#AppVersion}
SetupIconFile={#SourcePath}..\gridcounter.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppNameZh}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running counter program holds its files open: close it (after asking) before replacing them.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundled Python and Qt completely: no module of the previous version may linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName} {#AppNameZh}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\{#AppName} 自检 (selftest)"; Filename: "{cmd}"; \
  Parameters: "/k ""{app}\{#CliExe}"" selftest"; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName} {#AppNameZh}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
