using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Fs
{
    // One request to ata and its reply, with a bound. A SendRec would wait
    // for ever on a driver that took the request and never answered while
    // it still answers RS's heartbeats (a bug swifi makes easily: a reply
    // skipped, a condition inverted); FS, and every process doing file I/O,
    // would wait with it. So FS sends, then receives until ata's reply
    // comes, ata is gone, or DeadlineMs pass; then FS complains about ata
    // (RS replaces it) and repeats the request on the successor, as after a
    // crash. While it waits FS answers RS's pings, and keeps what else
    // arrives (DS's notice of a restart, another client's request) for its
    // main loop.
    internal static unsafe class AtaExchange
    {
        // Far beyond any answer a working driver gives (a 64 KiB transfer
        // takes milliseconds, even under QEMU on a loaded host).
        public const int DeadlineMs = 4000;

        // Ask's result when ata is alive and did not answer in time.
        public const int NoAnswer = int.MinValue;

        private const int MaxKept = 8;
        private static readonly Message[] s_kept = new Message[MaxKept];
        private static int s_keptFirst, s_keptCount;

        // Sends `message` to ata and puts the reply in it: Status.Ok,
        // Status.DeadEndpoint (ata ended before or while it had the
        // request), NoAnswer, or Send's own error.
        public static int Ask(Endpoint ata, Message* message)
        {
            int status = Ipc.Send(ata, message);
            if (status != Status.Ok)
                return status;
            long deadline = Process.UptimeMs() + DeadlineMs;
            Devices.SetAlarm(DeadlineMs);
            Message incoming;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &incoming) != Status.Ok)
                    continue;
                if (incoming.Source == ata.Value && incoming.Type != KernelMessageType.Notification)
                {
                    *message = incoming;
                    return Status.Ok;
                }
                if (incoming.Type == KernelMessageType.Notification && incoming.Source < 0)
                {
                    // The alarm: ata gone, or out of time.
                    if (!Endpoints.Describe(ata.Value, out _))
                        return Status.DeadEndpoint;
                    if (Process.UptimeMs() >= deadline)
                        return NoAnswer;
                    Devices.SetAlarm(deadline - Process.UptimeMs());
                    continue;
                }
                if (Reincarnation.AnswerPing(&incoming) || incoming.Source < 0)
                    continue;
                Keep(&incoming);
                // DS's notice: ata was restarted or stopped, so the one
                // asked may be gone (it cannot answer then).
                if (incoming.Type == KernelMessageType.Notification && !Endpoints.Describe(ata.Value, out _))
                    return Status.DeadEndpoint;
            }
        }

        // A message that arrived during a request, for the main loop; a
        // client's request beyond what can be kept is answered Busy.
        private static void Keep(Message* incoming)
        {
            if (s_keptCount == MaxKept)
            {
                if (incoming->Type == KernelMessageType.Notification)
                    return;
                Message busy = default;
                busy.Type = Status.Busy;
                Ipc.SendAsync(new Endpoint(incoming->Source), &busy);
                return;
            }
            s_kept[(s_keptFirst + s_keptCount) % MaxKept] = *incoming;
            s_keptCount++;
        }

        // The oldest message kept while FS waited for ata, if any.
        public static bool TakeKept(Message* into)
        {
            if (s_keptCount == 0)
                return false;
            *into = s_kept[s_keptFirst];
            s_keptFirst = (s_keptFirst + 1) % MaxKept;
            s_keptCount--;
            return true;
        }
    }
}
