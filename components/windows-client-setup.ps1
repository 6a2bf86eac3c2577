# Boot script of the Windows client. EC2Launch v2 runs it at every boot (<persist>true</persist>),
# so a first boot that could not finish (the NAT stopped, the download failed) finishes on a later
# one. It installs the latest Amazon WorkSpaces client silently, once: when the client is installed
# it only reports that and stops. The download leaves through the NAT instance on TCP 443, the only
# port the source network lets out, and is retried with bounded backoff.
#
# Every outcome is reported on the instance's console output (serial port COM1), which
# `aws ec2 get-console-output --latest` shows without RDP, as lines starting "workspaces-client:".
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$log = Join-Path $env:ProgramData 'workspaces-client-setup.log'
$msiLog = Join-Path $env:ProgramData 'workspaces-client-install.log'
$source = 'https://d2td7dqidlhjx7.cloudfront.net/prod/global/windows/Amazon+WorkSpaces.msi'
$attempts = 6         # downloads tried per boot
$firstDelay = 10      # seconds; doubles after each failure: 10+20+40+80+160 s at most, then the next boot

function Report([string] $message) {
  $line = "workspaces-client: $message"
  Add-Content -Path $log -Value "$(Get-Date -Format o) $line"
  try {
    $port = New-Object System.IO.Ports.SerialPort 'COM1', 115200
    $port.Open()
    $port.WriteLine($line)
    $port.Close()
  } catch {
    # no serial console: the log file above still has it
  }
}

function Installed {
  $keys = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*',
          'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*'
  return [bool](Get-ItemProperty -Path $keys -ErrorAction SilentlyContinue |
    Where-Object { $_.DisplayName -like 'Amazon WorkSpaces*' })
}

try {
  if (Installed) {
    Report 'OK: the WorkSpaces client is installed'
    exit 0
  }
  [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
  $msi = Join-Path $env:TEMP 'Amazon-WorkSpaces.msi'
  $delay = $firstDelay
  for ($attempt = 1; ; $attempt++) {
    try {
      Invoke-WebRequest -UseBasicParsing -TimeoutSec 120 -Uri $source -OutFile $msi
      break
    } catch {
      if ($attempt -ge $attempts) {
        throw "download failed $attempts times (is the NAT instance running? internetAccess must be https-only); the next boot tries again. Last error: $($_.Exception.Message)"
      }
      Report "download attempt $attempt of $attempts failed; retrying in $delay s"
      Start-Sleep -Seconds $delay
      $delay = $delay * 2
    }
  }
  $install = Start-Process -FilePath 'msiexec.exe' -ArgumentList @('/i', "`"$msi`"", '/quiet', '/norestart', '/l*v', "`"$msiLog`"") -Wait -PassThru
  Remove-Item $msi -Force -ErrorAction SilentlyContinue
  if ($install.ExitCode -ne 0 -and $install.ExitCode -ne 3010) {
    throw "msiexec exited with $($install.ExitCode); see $msiLog. The next boot tries again."
  }
  Report 'OK: the WorkSpaces client is installed'
} catch {
  Report "FAILED: $($_.Exception.Message)"
  exit 1
}
