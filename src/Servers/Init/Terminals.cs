using System.Collections.Generic;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Init
{
    // The terminals that get a login (MINIX's /etc/ttys): one line each,
    // the device and optionally "autologin=USER" (USER is logged in at
    // once, no prompt), '#' comments. Without a readable /etc/ttys (no root
    // file system) the built-in list: the VGA console with the PS/2
    // keyboard and the serial line on COM2 (COM1 is the kernel's log), both
    // logging in as root, as the kit's default image does. A terminal whose
    // device cannot be opened is skipped after a message.
    public struct TerminalLine
    {
        public string Device;
        public string? AutoLogin;   // null: ask for a user and password
    }

    public static class Terminals
    {
        public const string ConfigPath = "/etc/ttys";

        public static readonly TerminalLine[] BuiltIn =
        {
            new TerminalLine { Device = "/dev/console", AutoLogin = "root" },
            new TerminalLine { Device = "/dev/tty00", AutoLogin = "root" },
        };

        // Lines that do not parse are skipped and counted.
        public static TerminalLine[] Parse(string text, out int skipped)
        {
            var lines = new List<TerminalLine>();
            skipped = 0;
            foreach (List<string> words in ConfigText.Lines(text))
            {
                string? user = null;
                bool ok = words[0].StartsWith("/dev/") && words.Count <= 2;
                if (ok && words.Count == 2)
                {
                    ok = words[1].StartsWith("autologin=") && words[1].Length > "autologin=".Length;
                    if (ok)
                        user = words[1].Substring("autologin=".Length);
                }
                if (!ok)
                {
                    skipped++;
                    continue;
                }
                lines.Add(new TerminalLine { Device = words[0], AutoLogin = user });
            }
            return lines.ToArray();
        }
    }
}
