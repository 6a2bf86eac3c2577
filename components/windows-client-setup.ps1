# First-boot setup of the Windows client (EC2Launch v2 runs user data once, at first boot).
# Installs the latest Amazon WorkSpaces client silently. The download goes out through the NAT
# instance on TCP 443, the only port the source network lets out.
$ErrorActionPreference = 'Stop'
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
$msi = Join-Path $env:TEMP 'Amazon-WorkSpaces.msi'
$log = Join-Path $env:ProgramData 'workspaces-client-install.log'
Invoke-WebRequest -UseBasicParsing -Uri 'https://d2td7dqidlhjx7.cloudfront.net/prod/global/windows/Amazon+WorkSpaces.msi' -OutFile $msi
$install = Start-Process -FilePath 'msiexec.exe' -ArgumentList @('/i', "`"$msi`"", '/quiet', '/norestart', '/l*v', "`"$log`"") -Wait -PassThru
if ($install.ExitCode -ne 0 -and $install.ExitCode -ne 3010) {
  throw "WorkSpaces client install failed with exit code $($install.ExitCode); see $log"
}
Remove-Item $msi -Force
