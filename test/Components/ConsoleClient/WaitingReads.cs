using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.ConsoleClient
{
    // Waiting reads (DriverRequest.ReadWait) against one character driver:
    // first with no input coming (a second waiting read is Busy, heartbeats
    // and plain reads are still answered, Cancel ends the read with
    // Interrupted), then a line the host sends only after the client has
    // announced that its read is waiting; it must arrive through that read,
    // with no polling. Every wait for a reply is guarded by an alarm.
    internal static unsafe class WaitingReads
    {
        // Replies that should come at once, and input the host sends.
        private const int PromptMilliseconds = 2000;
        private const int InputMilliseconds = 30000;
        // How long "no reply" is watched for after a cancel.
        private const int QuietMilliseconds = 100;

        public static void WithoutInput(DriverConnection driver, string name)
        {
            Program.Check(name + "-wait-suspended", driver.StartWaitingRead(0, DriverConnection.BufferSize) == Status.Ok
                && !driver.AwaitReply(DriverRequest.Read, QuietMilliseconds, out _));
            Program.Check(name + "-wait-second-busy", driver.WaitingReadAnsweredAtOnce(0, DriverConnection.BufferSize) == Status.Busy);
            Program.Check(name + "-wait-heartbeat", driver.Ping() == Status.Ok);
            Program.Check(name + "-wait-plain-read", driver.Read(0, 8) == 0);

            // The read's reply (Interrupted) comes before the Cancel's (Ok).
            bool posted = driver.PostCancel(0) == Status.Ok;
            bool readEnded = driver.AwaitReply(DriverRequest.Read, PromptMilliseconds, out long readResult);
            bool cancelAnswered = driver.AwaitReply(DriverRequest.Cancel, PromptMilliseconds, out long cancelResult);
            Program.Check(name + "-wait-cancelled", posted && readEnded && readResult == DriverStatus.Interrupted
                && cancelAnswered && cancelResult == Status.Ok);
            Program.Check(name + "-wait-no-late-reply", !driver.AwaitReply(DriverRequest.Read, QuietMilliseconds, out _));
            Program.Check(name + "-cancel-nothing-pending", driver.Cancel(0) == DriverStatus.NothingPending);
        }

        // Starts the waiting read the host's line must arrive through; the
        // caller then tells the host (without waiting for the read's reply)
        // and collects the line with Line.
        public static bool Start(DriverConnection driver, string name)
        {
            bool started = driver.StartWaitingRead(0, DriverConnection.BufferSize) == Status.Ok;
            Program.Check(name + "-wait-started", started);
            return started;
        }

        // One line, read with waiting reads only (the first already
        // started); null when a reply is missing or an error.
        public static string? Line(DriverConnection driver, bool started, int maxLength)
        {
            if (!started)
                return null;
            char* line = stackalloc char[maxLength];
            int length = 0;
            while (true)
            {
                if (!driver.AwaitReply(DriverRequest.Read, InputMilliseconds, out long got) || got <= 0)
                    return null;
                for (int i = 0; i < got && length < maxLength; i++)
                    line[length++] = (char)driver.Buffer[i];
                if (line[length - 1] == '\n' || length == maxLength)
                    return new string(line, 0, length);
                if (driver.StartWaitingRead(0, DriverConnection.BufferSize) != Status.Ok)
                    return null;
            }
        }
    }
}
