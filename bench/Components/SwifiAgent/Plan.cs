using System.Collections.Generic;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // One change of a trial: at Address in the driver's code, Old is what
    // the plan expects there and New what the fault writes (same length,
    // 1..MaxBytes).
    public sealed class Patch
    {
        public const int MaxBytes = 16;

        public Patch(long address, byte[] old, byte[] @new)
        {
            Address = address;
            Old = old;
            New = @new;
        }

        public long Address { get; }
        public byte[] Old { get; }
        public byte[] New { get; }
    }

    // A trial: the patches applied together to Label's running instance.
    // Type is the host's name for the fault, echoed back unread.
    public sealed class Trial
    {
        public Trial(int id, string label, string type, List<Patch> patches)
        {
            Id = id;
            Label = label;
            Type = type;
            Patches = patches;
        }

        public int Id { get; }
        public string Label { get; }
        public string Type { get; }
        public List<Patch> Patches { get; }
    }

    // The campaign the host planned, parsed from /swifi.plan (README.md has
    // the format). Parse never throws: the first bad line is the error.
    public sealed class Plan
    {
        public const int MaxRounds = 100;

        public int Rounds { get; private set; } = 2;
        public List<string> Checks { get; } = new List<string>();
        public string NetUrl { get; private set; } = "";
        public long NetLength { get; private set; }
        public ulong NetHash { get; private set; }
        public string DiskPath { get; private set; } = "";
        public long DiskLength { get; private set; }
        public List<Trial> Trials { get; } = new List<Trial>();

        // Null with `error` ("line N: ...") when the text is not a plan.
        public static Plan? Parse(string text, out string error)
        {
            error = "";
            var plan = new Plan();
            var words = new List<string>();
            int at = 0, number = 0;
            while (at < text.Length)
            {
                int end = at;
                while (end < text.Length && text[end] != '\n')
                    end++;
                number++;
                Words(text, at, end, words);
                at = end + 1;
                if (words.Count == 0)
                    continue;
                string problem = plan.Take(words);
                if (problem.Length != 0)
                {
                    error = string.Concat("line ", number.ToString(), ": ", problem);
                    return null;
                }
            }
            return plan;
        }

        // One line's words; "" when it was understood.
        private string Take(List<string> words)
        {
            string key = words[0];
            if (key == "rounds")
            {
                if (words.Count != 2 || !Text.Decimal(words[1], out long rounds) || rounds < 1 || rounds > MaxRounds)
                    return "rounds: want a number 1..100";
                Rounds = (int)rounds;
                return "";
            }
            if (key == "check")
            {
                if (words.Count != 2)
                    return "check: want LABEL[,LABEL...]";
                string list = words[1];
                int start = 0;
                for (int i = 0; i <= list.Length; i++)
                {
                    if (i < list.Length && list[i] != ',')
                        continue;
                    if (i > start && !Checks.Contains(list.Substring(start, i - start)))
                        Checks.Add(list.Substring(start, i - start));
                    start = i + 1;
                }
                return "";
            }
            if (key == "net")
            {
                if (words.Count != 4 || !Text.Decimal(words[2], out long length) || !Text.Hex(words[3], out ulong hash))
                    return "net: want URL LENGTH FNV";
                NetUrl = words[1];
                NetLength = length;
                NetHash = hash;
                return "";
            }
            if (key == "disk")
            {
                if (words.Count != 3 || !Text.Decimal(words[2], out long length) || length < DiskWorkload.Window)
                    return "disk: want PATH LENGTH (at least a window, 128 KiB)";
                DiskPath = words[1];
                DiskLength = length;
                return "";
            }
            if (key == "trial")
                return TakeTrial(words);
            return "unknown keyword " + key;
        }

        // trial ID LABEL TYPE ADDR:OLD:NEW[;ADDR:OLD:NEW...]
        private string TakeTrial(List<string> words)
        {
            if (words.Count != 5 || !Text.Decimal(words[1], out long id) || id > int.MaxValue)
                return "trial: want ID LABEL TYPE ADDR:OLD:NEW[;...]";
            var patches = new List<Patch>();
            string list = words[4];
            int start = 0;
            for (int i = 0; i <= list.Length; i++)
            {
                if (i < list.Length && list[i] != ';')
                    continue;
                Patch? patch = ParsePatch(list.Substring(start, i - start));
                if (patch == null)
                    return "trial " + id.ToString() + ": bad patch (ADDR:OLD:NEW, equal lengths, 1..16 bytes)";
                patches.Add(patch);
                start = i + 1;
            }
            Trials.Add(new Trial((int)id, words[2], words[3], patches));
            return "";
        }

        private static Patch? ParsePatch(string text)
        {
            int first = text.IndexOf(':');
            int second = first < 0 ? -1 : text.IndexOf(':', first + 1);
            if (second < 0 || !Text.Hex(text.Substring(0, first), out ulong address))
                return null;
            byte[]? old = Text.HexBytes(text.Substring(first + 1, second - first - 1));
            byte[]? @new = Text.HexBytes(text.Substring(second + 1));
            if (old == null || @new == null || old.Length != @new.Length || old.Length == 0 || old.Length > Patch.MaxBytes)
                return null;
            return new Patch((long)address, old, @new);
        }

        // The words of text[from, to) split at spaces and tabs, a '#' ending
        // the line, a carriage return counting as a space.
        private static void Words(string text, int from, int to, List<string> words)
        {
            words.Clear();
            int at = from;
            while (at < to && text[at] != '#')
            {
                while (at < to && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r'))
                    at++;
                int start = at;
                while (at < to && text[at] != ' ' && text[at] != '\t' && text[at] != '\r' && text[at] != '#')
                    at++;
                if (at > start)
                    words.Add(text.Substring(start, at - start));
            }
        }
    }
}
