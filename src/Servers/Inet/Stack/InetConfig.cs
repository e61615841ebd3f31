using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // One interface's line of /etc/inet.conf.
    public sealed class InterfaceConfig
    {
        public string Name = "";
        public bool Dhcp;
        public uint Address, Mask, Gateway;
        public readonly List<uint> Dns = new List<uint>();
    }

    // /etc/inet.conf: one interface per line, '#' starts a comment.
    //
    //   eth0 dhcp
    //   eth1 10.0.2.15/24 gw 10.0.2.2 dns 10.0.2.3
    //   hostname box
    //
    // An address without /prefix is a /24. "gw" and "dns" may come in any
    // order after the address, "dns" more than once. A bad line is reported
    // (line number and why) and skipped; the others still apply.
    public sealed class InetConfig
    {
        public readonly List<InterfaceConfig> Interfaces = new List<InterfaceConfig>();
        public readonly List<string> Errors = new List<string>();
        public string HostName = "";

        public InterfaceConfig? Find(string name)
        {
            for (int i = 0; i < Interfaces.Count; i++)
                if (Interfaces[i].Name == name)
                    return Interfaces[i];
            return null;
        }

        public static InetConfig Parse(string text)
        {
            var config = new InetConfig();
            var words = new List<string>();
            int line = 0;
            int start = 0;
            while (start <= text.Length)
            {
                int end = start;
                while (end < text.Length && text[end] != '\n')
                    end++;
                line++;
                Words.Split(text, start, end, words);
                if (words.Count > 0)
                {
                    string? error = ParseLine(config, words);
                    if (error != null)
                        config.Errors.Add(string.Concat("line ", NumberText.Decimal(line), ": ", error));
                }
                start = end + 1;
            }
            return config;
        }

        private static string? ParseLine(InetConfig config, List<string> w)
        {
            if (w[0] == "hostname")
            {
                if (w.Count != 2)
                    return "hostname takes one name";
                config.HostName = w[1];
                return null;
            }
            if (w.Count < 2)
                return "an interface needs dhcp or an address";
            if (config.Find(w[0]) != null)
                return string.Concat("interface ", w[0], " given twice");
            var ifc = new InterfaceConfig { Name = w[0] };
            int i = 2;
            if (w[1] == "dhcp")
                ifc.Dhcp = true;
            else
            {
                string a = w[1];
                int slash = a.IndexOf('/');
                int prefix = 24;
                if (slash >= 0 && (!NumberText.TryParse(a.AsSpan().Slice(slash + 1), out prefix) || prefix < 1 || prefix > 32))
                    return string.Concat("bad prefix length in ", a);
                if (!IpAddress.TryParse(slash >= 0 ? a.AsSpan().Slice(0, slash) : a.AsSpan(), out ifc.Address) || ifc.Address == 0)
                    return string.Concat("bad address ", a);
                ifc.Mask = IpAddress.MaskOf(prefix);
            }
            while (i < w.Count)
            {
                if (i + 1 >= w.Count)
                    return string.Concat(w[i], " needs a value");
                if (!IpAddress.TryParse(w[i + 1], out uint value))
                    return string.Concat("bad address ", w[i + 1]);
                if (w[i] == "gw" && !ifc.Dhcp)
                    ifc.Gateway = value;
                else if (w[i] == "dns")
                    ifc.Dns.Add(value);
                else
                    return string.Concat("unknown word ", w[i]);
                i += 2;
            }
            config.Interfaces.Add(ifc);
            return null;
        }
    }
}
