using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Fs
{
    // One request to ata and its reply, with a bound. A SendRec would wait
    // for ever on a driver that took the request and never answered while
    // it still answers RS's heartbeats; FS, and every process doing file
    // I/O, would wait with it. So FS sends, then waits (AnswerWait) until
    // ata's reply comes, ata is gone, or DeadlineMs pass; then FS complains
    // about ata (RS replaces it) and repeats the request on the successor,
    // as after a crash (AtaBlockDevice.Request).
    internal static unsafe class AtaExchange
    {
        // Far beyond any answer a working driver gives (a 64 KiB transfer
        // takes milliseconds, even under QEMU on a loaded host).
        public const int DeadlineMs = 4000;

        // Sends `message` to ata and puts the reply in it: Status.Ok,
        // Status.DeadEndpoint (ata ended before or while it had the
        // request), AnswerWait.NoAnswer, or Send's own error.
        public static int Ask(Endpoint ata, Message* message)
        {
            int status = Ipc.Send(ata, message);
            return status != Status.Ok ? status : AnswerWait.Receive(ata, Process.UptimeMs() + DeadlineMs, message);
        }
    }
}
