using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Killer
{
    // The fault injector of the crash experiments: every period of guest
    // time, while a reader (diskreader or netreader) runs, kills the
    // component under test (the kill kernel call), or, in update mode,
    // asks RS for a live update of it to the boot image's program
    // (RsRequest.Update, no image: the same program again). Prints how
    // many it made.
    //
    // The period is 250 ms and the target ata unless the disk under test
    // carries /killer.ms: "PERIOD_MS[ update| hang][ LABEL]", e.g. "4000",
    // "4000 update", "1000 e1000", "3000 hang e1000" (RS injects an endless
    // loop, which its heartbeat must find). The host picks each run's experiment by
    // what it writes on the disk the guest reads (components do not see
    // the kernel command line). The default is four times the paper's
    // harsher rate (1 s) so that a file of a few MiB, read in about a
    // second now, still sees several kills.
    //
    // Each kill is logged with the guest time (time stamp counter) just
    // before it: against the new ata's "first request ... taken at, served
    // at" line this gives the restart latency, crash to first request
    // served.
    public static unsafe class Program
    {
        private const long DefaultPeriodMs = 250;
        private const long MaxPeriodMs = 3_600_000;
        private const string ConfigFile = "/killer.ms";
        private const string DefaultTarget = "ata";
        private static string s_target = DefaultTarget;

        public static int Main()
        {
            long period = Configure(out bool update);
            Diagnostics.Print(string.Concat("killer: ", s_hang ? "hanging " : update ? "updating " : "killing ", s_target, " every ", period.ToString(), " ms"));
            // A network driver's experiment starts when inet has an
            // address: netreader's transfer begins then, so every kill
            // falls inside it (not into the wait for the DHCP lease).
            if (s_target != DefaultTarget)
                WaitForAddress();
            int done = 0;
            while (ReaderRuns())
            {
                Devices.Sleep(period);
                if (!ReaderRuns())
                    break;  // only what happens during the transfer counts
                if (s_hang ? Hang() : update ? Update() : Kill())
                    done++;
            }
            Diagnostics.Print(string.Concat("killer: ", s_hang ? "hung " : update ? "updated " : "killed ", s_target, " ", done.ToString(), " times"));
            return 0;
        }

        private static bool s_hang;

        private static void WaitForAddress()
        {
            while (ReaderRuns())
            {
                int control = Sockets.OpenControl();
                if (control >= 0)
                {
                    int status = Sockets.InterfaceAt(control, 1, out InterfaceBlock block);
                    Sockets.Close(control);
                    if (status >= 0 && block.Address != 0)
                        return;
                }
                Devices.Sleep(10);
            }
        }

        // `service fi LABEL hang`: RS has the driver library loop forever;
        // RS's heartbeat then finds it and replaces it.
        private static bool Hang()
        {
            Endpoint rs = Endpoints.Lookup("rs");
            if (rs.IsNone)
                return false;
            Message message = default;
            message.Type = RsRequest.Inject;
            RsMessage.SetLabel(&message, s_target);
            RsRequestMessage.Of(&message)->Fault = RsFault.Hang;
            long now = Process.TimeStampCounter();
            int status = Ipc.SendRec(rs, &message);
            if (status == Status.Ok)
                status = message.Type;
            Diagnostics.Print(string.Concat("killer: hang of ", s_target, " injected at ", now.ToString(), " tsc: status ", status.ToString()));
            return status == Status.Ok;
        }

        private static bool ReaderRuns() => !Endpoints.Lookup("diskreader").IsNone || !Endpoints.Lookup("netreader").IsNone;

        private static bool Kill()
        {
            Endpoint target = Endpoints.Lookup(s_target);
            if (target.IsNone)
                return false;
            Message message = default;
            KillMessage.Of(&message)->Target = target.Value;
            long now = Process.TimeStampCounter();
            if (Ipc.KernelCall(KernelCall.Kill, &message) != Status.Ok)
                return false;
            Diagnostics.Print(string.Concat("killer: killed ", s_target, " at ", now.ToString(), " tsc"));
            return true;
        }

        // RS answers when the update is over: Ok once the new version runs.
        private static bool Update()
        {
            Endpoint rs = Endpoints.Lookup("rs");
            if (rs.IsNone)
                return false;
            Message message = default;
            message.Type = RsRequest.Update;
            RsMessage.SetLabel(&message, s_target);
            RsRequestMessage.Of(&message)->ImageGrant = 0;
            RsRequestMessage.Of(&message)->ImageLength = 0;  // no image: the boot image's program again
            long now = Process.TimeStampCounter();
            int status = Ipc.SendRec(rs, &message);
            if (status == Status.Ok)
                status = message.Type;
            Diagnostics.Print(string.Concat("killer: update of ", s_target, " asked at ", now.ToString(), " tsc: status ", status.ToString()));
            return status == Status.Ok;
        }

        // The period /killer.ms asks for, whether to update instead of
        // kill, and the target (s_target); the defaults without the file. A
        // file that says something else is reported and the defaults are
        // used.
        private static long Configure(out bool update)
        {
            update = false;
            int fd = Files.Open(ConfigFile, OpenFlags.Read);
            if (fd < 0)
                return DefaultPeriodMs;
            var text = new byte[64];
            int length = Files.Read(fd, text);
            Files.Close(fd);
            long value = 0;
            int i = 0;
            for (; i < length && text[i] >= (byte)'0' && text[i] <= (byte)'9' && value <= MaxPeriodMs; i++)
                value = value * 10 + (text[i] - '0');
            bool numbered = i > 0 && value >= 1 && value <= MaxPeriodMs;
            string rest = RestOfLine(text, i, length);
            if (rest.StartsWith(" update"))
            {
                update = true;
                rest = rest.Substring(7);
            }
            else if (rest.StartsWith(" hang"))
            {
                s_hang = true;
                rest = rest.Substring(5);
            }
            string target = rest.Length > 1 && rest[0] == ' ' ? rest.Substring(1) : DefaultTarget;
            if (!numbered || (rest.Length > 0 && !IsLabel(target)))
            {
                Diagnostics.Print("killer: " + ConfigFile + " is not \"<1..3600000 ms>[ update| hang][ LABEL]\"; using the defaults");
                update = s_hang = false;
                return DefaultPeriodMs;
            }
            s_target = target;
            return value;
        }

        private static bool IsLabel(string text)
        {
            if (text.Length == 0 || text.Length > 31)
                return false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_')
                    return false;
            }
            return true;
        }

        private static string RestOfLine(byte[] text, int from, int length)
        {
            int end = from;
            while (end < length && text[end] != (byte)'\n' && text[end] != (byte)'\r')
                end++;
            var chars = new char[end - from];
            for (int i = 0; i < chars.Length; i++)
                chars[i] = (char)text[from + i];
            return new string(chars);
        }
    }
}
