using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Forger
{
    // Each probe prints "forger: <probe>: refused <status>" or
    // "forger: <probe>: ALLOWED <status>", then "forger: done". Run as an
    // unprivileged user every probe must be refused; the servers must go
    // on serving (the test checks them afterwards).
    public static unsafe class Program
    {
        public static int Main()
        {
            Endpoint rs = Endpoints.Lookup("rs");
            Endpoint pm = Endpoints.Lookup("pm");
            Endpoint vfs = Endpoints.Lookup("vfs");
            Endpoint ds = Endpoints.Lookup("ds");

            // RS: a Down of hello with every word of the payload set, as if
            // a uid or an endpoint could be claimed in it.
            Message m = default;
            m.Type = RsRequest.Down;
            RsMessage.SetLabel(&m, "hello");
            RawPayload.Of(&m)->Word[5] = 0;                // "uid 0"
            RawPayload.Of(&m)->Word[6] = pm.Value;         // "on behalf of pm"
            Report("rs down with forged words", Call(rs, &m));
            m = default;
            m.Type = RsRequest.Inject;
            RsMessage.SetLabel(&m, "ata");
            Report("rs fi ata", Call(rs, &m));
            m = default;
            m.Type = 0x7A7A;
            Report("rs unknown request", Call(rs, &m));

            // PM: become root; signal init.
            Report("pm setuid 0", Processes.SetUid(0));
            Report("pm kill init", Processes.Kill(1, 15));

            // VFS: open a path through a grant id the caller never made,
            // and one naming another process's table slot.
            m = default;
            m.Type = VfsRequest.Open;
            RawPayload.Of(&m)->Word[0] = 0x7FFF0005;
            RawPayload.Of(&m)->Word[1] = 11;
            Report("vfs open through a made-up grant", Call(vfs, &m));
            m = default;
            m.Type = VfsRequest.ProcessForked;  // PM's notice, from a user program
            RawPayload.Of(&m)->Word[0] = pm.Value;
            RawPayload.Of(&m)->Word[1] = Processes.GetPid();
            Report("vfs pm's fork notice", Call(vfs, &m));
            Report("vfs write /etc/passwd", Files.Open("/etc/passwd", OpenFlags.Write));

            // DS: not in a user program's policy at all.
            m = default;
            m.Type = DataStoreRequest.Retrieve;
            Report("ds retrieve", Call(ds, &m));

            // The kernel: a boot module's contents (rs.priv), and another
            // process's ids changed.
            Report("getinfo module", BootModules.Read("rs.priv") == null ? Status.NotAllowed : Status.Ok);
            m = default;
            RawPayload.Of(&m)->Word[0] = 1;
            Report("kernel setids", Ipc.KernelCall(KernelCall.SetIds, &m));

            Diagnostics.Print("forger: done");
            Files.Write(Files.StandardOutput, Bytes("forger: done\n"));
            return 0;
        }

        private static int Call(Endpoint to, Message* m)
        {
            if (to.IsNone)
                return Status.DeadEndpoint;
            int status = Ipc.SendRec(to, m);
            return status == Status.Ok ? m->Type : status;
        }

        private static void Report(string probe, int status)
        {
            string line = string.Concat("forger: ", probe, status < 0 ? ": refused " : ": ALLOWED ", status.ToString(), "\n");
            Files.Write(Files.StandardOutput, Bytes(line));
        }

        private static byte[] Bytes(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
                bytes[i] = (byte)text[i];
            return bytes;
        }
    }
}
