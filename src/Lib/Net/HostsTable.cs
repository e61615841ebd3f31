using System.Collections.Generic;

namespace Minix3.Cosmos.Lib.Net
{
    // /etc/hosts: "address name [aliases...]" per line, '#' comments. Names
    // match without regard to ASCII case; the first line naming a host
    // wins, as in the C library. IPv6 and malformed lines are skipped and
    // counted (Skipped).
    public sealed class HostsTable
    {
        private readonly List<string> _names = new List<string>();
        private readonly List<uint> _addresses = new List<uint>();

        public int Count => _names.Count;
        public int Skipped { get; private set; }

        public static HostsTable Parse(string text)
        {
            var table = new HostsTable();
            var words = new List<string>();
            int start = 0;
            while (start <= text.Length)
            {
                int end = start;
                while (end < text.Length && text[end] != '\n')
                    end++;
                Words.Split(text, start, end, words);
                if (words.Count > 0)
                {
                    if (words.Count < 2 || !IpAddress.TryParse(words[0], out uint a))
                        table.Skipped++;
                    else
                        for (int i = 1; i < words.Count; i++)
                            table.Add(words[i], a);
                }
                start = end + 1;
            }
            return table;
        }

        public void Add(string name, uint address)
        {
            if (TryLookup(name, out _))
                return;
            _names.Add(name);
            _addresses.Add(address);
        }

        public bool TryLookup(string name, out uint address)
        {
            address = 0;
            // A dotted quad is its own answer, as getaddrinfo gives it.
            if (IpAddress.TryParse(name, out address))
                return true;
            for (int i = 0; i < _names.Count; i++)
                if (Words.EqualsIgnoreCase(_names[i], name))
                {
                    address = _addresses[i];
                    return true;
                }
            return false;
        }

        // The first name given for address, or null.
        public string? NameOf(uint address)
        {
            for (int i = 0; i < _addresses.Count; i++)
                if (_addresses[i] == address)
                    return _names[i];
            return null;
        }
    }
}
