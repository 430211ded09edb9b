<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Format</name>
    <message>
        <source>&lt; 1 s</source>
        <translation>&lt; 1 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>noch %1</translation>
    </message>
    <message numerus="yes">
        <source>Invalid file: %n problem(s)</source>
        <translation>
            <numerusform>Ungültige Datei: %n Problem</numerusform>
            <numerusform>Ungültige Datei: %n Probleme</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird angehalten…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Snapshotting: %1 rows</source>
        <translation>Snapshot: %1 Zeilen</translation>
    </message>
    <message>
        <source>Snapshotting %1 %</source>
        <translation>Snapshot %1 %</translation>
    </message>
    <message>
        <source>Streaming</source>
        <translation>Streamt</translation>
    </message>
    <message>
        <source>Retrying (attempt %1): %2</source>
        <translation>Neuer Versuch (Versuch %1): %2</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>WARN</source>
        <translation>WARNUNG</translation>
    </message>
    <message>
        <source>STALLED</source>
        <translation>STOCKT</translation>
    </message>
    <message>
        <source>STOPPED</source>
        <translation>ANGEHALTEN</translation>
    </message>
    <message>
        <source>clears in %1</source>
        <translation>aufgeholt in %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n Nachricht</numerusform>
            <numerusform>%n Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>%1 rein · %2 raus</translation>
    </message>
    <message>
        <source>Streaming · %1</source>
        <translation>Streamt · %1</translation>
    </message>
</context>
<context>
    <name>PipelineCluster</name>
    <message>
        <source>This pipeline runs its own embedded broker, which exists only while it runs. Start the pipeline to browse its embedded broker.</source>
        <translation>Diese Pipeline betreibt einen eigenen eingebetteten Broker, der nur existiert, solange sie läuft. Starten Sie die Pipeline, um ihren eingebetteten Broker zu durchsuchen.</translation>
    </message>
    <message>
        <source>The pipeline file has problems; see the Pipelines page.</source>
        <translation>Die Pipeline-Datei hat Probleme; siehe Seite Pipelines.</translation>
    </message>
</context>
<context>
    <name>RepairConfirmation</name>
    <message numerus="yes">
        <source>… and %n more (Show Details…)</source>
        <translation>
            <numerusform>… und %n weitere (Details einblenden…)</numerusform>
            <numerusform>… und %n weitere (Details einblenden…)</numerusform>
        </translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>Reparieren</translation>
    </message>
    <message numerus="yes">
        <source>Repair %n row(s) on sink %1?</source>
        <translation>
            <numerusform>%n Zeile auf Senke %1 reparieren?</numerusform>
            <numerusform>%n Zeilen auf Senke %1 reparieren?</numerusform>
        </translation>
    </message>
    <message>
        <source>Dry run, what the repair would do:</source>
        <translation>Probelauf, was die Reparatur tun würde:</translation>
    </message>
    <message>
        <source>The pipeline sends these rows again from the source, in order with its live changes; then the sink is verified again. The repair is written to the audit log.</source>
        <translation>Die Pipeline sendet diese Zeilen erneut aus der Quelle, eingereiht zwischen ihre laufenden Änderungen; danach wird die Senke erneut geprüft. Die Reparatur wird im Audit-Protokoll festgehalten.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Runs and watches Syncline pipelines.</source>
        <translation>Führt Syncline-Pipelines aus und überwacht sie.</translation>
    </message>
    <message>
        <source>Start the pipelines after opening them.</source>
        <translation>Die Pipelines nach dem Öffnen starten.</translation>
    </message>
    <message>
        <source>Serve the metrics of every pipeline it runs on http://&lt;address&gt;/metrics (Prometheus&apos; text format).</source>
        <translation>Die Metriken aller laufenden Pipelines unter http://&lt;Adresse&gt;/metrics bereitstellen (Textformat von Prometheus).</translation>
    </message>
    <message>
        <source>Pipeline files to open.</source>
        <translation>Zu öffnende Pipeline-Dateien.</translation>
    </message>
</context>
<context>
    <name>syncline::ui::AlertModel</name>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>cleared %1</source>
        <translation>aufgehoben %1</translation>
    </message>
    <message>
        <source>%1, acknowledged</source>
        <translation>%1, bestätigt</translation>
    </message>
    <message>
        <source>Fired</source>
        <translation>Ausgelöst</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>syncline::ui::AlertNotifier</name>
    <message>
        <source>Syncline Console</source>
        <translation>Syncline-Konsole</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>syncline::ui::AlertsPage</name>
    <message>
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Acknowledge All</source>
        <translation>Alle bestätigen</translation>
    </message>
    <message>
        <source>Mark the selected alerts as seen</source>
        <translation>Die ausgewählten Alarme als gesehen markieren</translation>
    </message>
    <message>
        <source>No alerts have fired since the console started.</source>
        <translation>Seit dem Start der Konsole wurde kein Alarm ausgelöst.</translation>
    </message>
    <message numerus="yes">
        <source>%n active, </source>
        <translation>
            <numerusform>%n aktiv, </numerusform>
            <numerusform>%n aktiv, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not acknowledged</source>
        <translation>
            <numerusform>%n nicht bestätigt</numerusform>
            <numerusform>%n nicht bestätigt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>syncline::ui::ConnectorPalette</name>
    <message>
        <source>Sinks</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>Transports</source>
        <translation>Transporte</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Transforms</source>
        <translation>Transformationen</translation>
    </message>
</context>
<context>
    <name>syncline::ui::ConsumerLagModel</name>
    <message>
        <source>Sink</source>
        <translation>Senke</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Lag (messages)</source>
        <translation>Rückstand (Nachrichten)</translation>
    </message>
</context>
<context>
    <name>syncline::ui::DashboardPage</name>
    <message>
        <source>Last 5 minutes</source>
        <translation>Letzte 5 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Pipeline:</source>
        <translation>Pipeline:</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>Lag status:</source>
        <translation>Rückstand:</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <source>events/s</source>
        <translation>Ereignisse/s</translation>
    </message>
    <message>
        <source>read from source</source>
        <translation>von der Quelle gelesen</translation>
    </message>
    <message>
        <source>applied to targets</source>
        <translation>in Ziele geschrieben</translation>
    </message>
    <message>
        <source>Latency, commit to applied</source>
        <translation>Latenz, Commit bis geschrieben</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Replication slot</source>
        <translation>Replikations-Slot</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>lag (MiB)</source>
        <translation>Rückstand (MiB)</translation>
    </message>
    <message>
        <source>retained log (MiB)</source>
        <translation>gehaltenes Log (MiB)</translation>
    </message>
    <message>
        <source>lag (s)</source>
        <translation>Rückstand (s)</translation>
    </message>
    <message>
        <source>Retries and dead letters</source>
        <translation>Wiederholungen und Dead Letters</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>pro Sekunde</translation>
    </message>
    <message>
        <source>retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>dead letters</source>
        <translation>Dead Letters</translation>
    </message>
    <message>
        <source>Kafka consumer lag</source>
        <translation>Kafka-Consumer-Rückstand</translation>
    </message>
    <message>
        <source>messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>behind, all partitions</source>
        <translation>Rückstand, alle Partitionen</translation>
    </message>
    <message>
        <source>Consumer lag per partition</source>
        <translation>Consumer-Rückstand je Partition</translation>
    </message>
</context>
<context>
    <name>syncline::ui::DeadLetterDetailView</name>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Before / after</source>
        <translation>Vorher / nachher</translation>
    </message>
    <message>
        <source>Change event</source>
        <translation>Änderungsereignis</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Felder</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Select a dead letter to see it in full.</source>
        <translation>Wählen Sie einen Dead Letter, um ihn vollständig zu sehen.</translation>
    </message>
    <message>
        <source>This dead letter is gone.</source>
        <translation>Dieser Dead Letter existiert nicht mehr.</translation>
    </message>
    <message>
        <source>#%1 · %2 · %3 · sink %4</source>
        <translation>#%1 · %2 · %3 · Senke %4</translation>
    </message>
    <message>
        <source>Edited by an operator; a replay applies this. The original:</source>
        <translation>Von einem Operator bearbeitet; ein Replay wendet dies an. Das Original:</translation>
    </message>
    <message>
        <source>Edited:</source>
        <translation>Bearbeitet:</translation>
    </message>
    <message numerus="yes">
        <source>%1 (SQLSTATE %2), %n attempt(s)</source>
        <translation>
            <numerusform>%1 (SQLSTATE %2), %n Versuch</numerusform>
            <numerusform>%1 (SQLSTATE %2), %n Versuche</numerusform>
        </translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Sink</source>
        <translation>Senke</translation>
    </message>
    <message>
        <source>Event id</source>
        <translation>Ereignis-Id</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Source LSN</source>
        <translation>Quell-LSN</translation>
    </message>
    <message>
        <source>Source transaction</source>
        <translation>Quelltransaktion</translation>
    </message>
    <message>
        <source>First failed</source>
        <translation>Zuerst fehlgeschlagen</translation>
    </message>
    <message>
        <source>Dead-lettered</source>
        <translation>Als Dead Letter abgelegt</translation>
    </message>
    <message>
        <source>Held behind</source>
        <translation>Zurückgehalten hinter</translation>
    </message>
    <message>
        <source>Replays</source>
        <translation>Replays</translation>
    </message>
    <message>
        <source>Last replay</source>
        <translation>Letztes Replay</translation>
    </message>
    <message>
        <source>Last replay error</source>
        <translation>Fehler des letzten Replays</translation>
    </message>
    <message>
        <source>pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>dead-lettered</source>
        <translation>als Dead Letter abgelegt</translation>
    </message>
    <message numerus="yes">
        <source>after %n attempt(s)</source>
        <translation>
            <numerusform>nach %n Versuch</numerusform>
            <numerusform>nach %n Versuchen</numerusform>
        </translation>
    </message>
    <message>
        <source>(dry run)</source>
        <translation>(Probelauf)</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n affected</source>
        <translation>
            <numerusform>%1 · %n betroffen</numerusform>
            <numerusform>%1 · %n betroffen</numerusform>
        </translation>
    </message>
    <message>
        <source>last replay</source>
        <translation>letztes Replay</translation>
    </message>
</context>
<context>
    <name>syncline::ui::DeadLetterFilterBar</name>
    <message>
        <source>Needs attention</source>
        <translation>Braucht Aufmerksamkeit</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Zurückgehalten</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>In Quarantäne</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Überholt</translation>
    </message>
    <message>
        <source>Replayed</source>
        <translation>Erneut angewendet</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>All tables</source>
        <translation>Alle Tabellen</translation>
    </message>
    <message>
        <source>Search key, change and error…</source>
        <translation>Schlüssel, Änderung und Fehler durchsuchen…</translation>
    </message>
</context>
<context>
    <name>syncline::ui::DeadLetterModel</name>
    <message>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Zurückgehalten</translation>
    </message>
    <message>
        <source>Replayed</source>
        <translation>Erneut angewendet</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>In Quarantäne</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Überholt</translation>
    </message>
    <message>
        <source>Quarantined by the loop guard: replays failed too often. It is not replayed again until you replay it explicitly by selecting it.</source>
        <translation>Vom Schleifenschutz in Quarantäne gestellt: Replays schlugen zu oft fehl. Er wird erst wieder angewendet, wenn Sie ihn ausdrücklich auswählen und erneut anwenden.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Error class</source>
        <translation>Fehlerklasse</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Replays</source>
        <translation>Replays</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>syncline::ui::DeadLetterService</name>
    <message>
        <source>The pipeline file has problems; see the Pipelines page.</source>
        <translation>Die Pipeline-Datei hat Probleme; siehe Seite Pipelines.</translation>
    </message>
    <message numerus="yes">
        <source>Dry run: %n dead letter(s) would be applied.</source>
        <translation>
            <numerusform>Probelauf: %n Dead Letter würde angewendet.</numerusform>
            <numerusform>Probelauf: %n Dead Letters würden angewendet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replayed %n dead letter(s).</source>
        <translation>
            <numerusform>%n Dead Letter erneut angewendet.</numerusform>
            <numerusform>%n Dead Letters erneut angewendet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Dry run: %n dead letter(s) would be discarded.</source>
        <translation>
            <numerusform>Probelauf: %n Dead Letter würde verworfen.</numerusform>
            <numerusform>Probelauf: %n Dead Letters würden verworfen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Discarded %n dead letter(s).</source>
        <translation>
            <numerusform>%n Dead Letter verworfen.</numerusform>
            <numerusform>%n Dead Letters verworfen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the edited change of dead letter #%1.</source>
        <translation>Die bearbeitete Änderung von Dead Letter #%1 ist gespeichert.</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n dead letter(s) from %1 (%2 already known, %3 not dead letters).</source>
        <translation>
            <numerusform>%n Dead Letter aus %1 importiert (%2 schon bekannt, %3 keine Dead Letters).</numerusform>
            <numerusform>%n Dead Letters aus %1 importiert (%2 schon bekannt, %3 keine Dead Letters).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>syncline::ui::DeadLettersPage</name>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Sink</source>
        <translation>Senke</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Affected</source>
        <translation>Betroffen</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Replay</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit-Protokoll</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Import dead-letter topic…</source>
        <translation>Dead-Letter-Topic importieren…</translation>
    </message>
    <message>
        <source>Read a dead-letter topic (Syncline&apos;s own, or one Kafka Connect wrote) into this pipeline&apos;s store, to replay it from here</source>
        <translation>Ein Dead-Letter-Topic (von Syncline oder von Kafka Connect geschrieben) in den Speicher dieser Pipeline lesen, um es von hier erneut anzuwenden</translation>
    </message>
    <message>
        <source>Pipeline:</source>
        <translation>Pipeline:</translation>
    </message>
    <message>
        <source>The pipeline file has problems; see the Pipelines page.</source>
        <translation>Die Pipeline-Datei hat Probleme; siehe Seite Pipelines.</translation>
    </message>
    <message>
        <source>All classes (%1)</source>
        <translation>Alle Klassen (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n dead letter(s) match</source>
        <translation>
            <numerusform>%n Dead Letter passt</numerusform>
            <numerusform>%n Dead Letters passen</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a pipeline to see its dead letters.</source>
        <translation>Öffnen Sie eine Pipeline, um ihre Dead Letters zu sehen.</translation>
    </message>
    <message>
        <source>(dry run)</source>
        <translation>(Probelauf)</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Dead Letters</translation>
    </message>
    <message numerus="yes">
        <source>Replay %n dead letter(s) to the target?</source>
        <translation>
            <numerusform>%n Dead Letter erneut auf das Ziel anwenden?</numerusform>
            <numerusform>%n Dead Letters erneut auf das Ziel anwenden?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Discard %n dead letter(s)? Later changes of their rows are released; the target keeps what it has.</source>
        <translation>
            <numerusform>%n Dead Letter verwerfen? Spätere Änderungen seiner Zeile werden freigegeben; das Ziel behält, was es hat.</numerusform>
            <numerusform>%n Dead Letters verwerfen? Spätere Änderungen ihrer Zeilen werden freigegeben; das Ziel behält, was es hat.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
</context>
<context>
    <name>syncline::ui::DesignerModel</name>
    <message>
        <source>Add %1</source>
        <translation>%1 hinzufügen</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>%1 ändern</translation>
    </message>
    <message>
        <source>Delete node</source>
        <translation>Knoten löschen</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Verbindung lösen</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Move node</source>
        <translation>Knoten verschieben</translation>
    </message>
    <message>
        <source>Move step up</source>
        <translation>Schritt nach oben</translation>
    </message>
    <message>
        <source>Move step down</source>
        <translation>Schritt nach unten</translation>
    </message>
</context>
<context>
    <name>syncline::ui::DesignerPage</name>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Pipeline files (*.yaml *.yml)</source>
        <translation>Pipeline-Dateien (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Open Pipeline</source>
        <translation>Pipeline öffnen</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Save Pipeline</source>
        <translation>Pipeline speichern</translation>
    </message>
    <message>
        <source>Pipeline files (*.yaml *.yml);;All files (*)</source>
        <translation>Pipeline-Dateien (*.yaml *.yml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Asking the brokers…</source>
        <translation>Broker werden gefragt…</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Eigenschaften</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>Datenschutz</translation>
    </message>
    <message>
        <source>Add a source from the palette first.</source>
        <translation>Zuerst eine Quelle aus der Palette hinzufügen.</translation>
    </message>
</context>
<context>
    <name>syncline::ui::DesignerScene</name>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>syncline::ui::DesignerValidator</name>
    <message>
        <source>A pipeline has one transport; this one is not saved.</source>
        <translation>Eine Pipeline hat einen Transport; dieser wird nicht gespeichert.</translation>
    </message>
    <message>
        <source>A pipeline has one source; this one is not saved.</source>
        <translation>Eine Pipeline hat eine Quelle; diese wird nicht gespeichert.</translation>
    </message>
    <message>
        <source>Connect the source to the transport.</source>
        <translation>Verbinden Sie die Quelle mit dem Transport.</translation>
    </message>
    <message>
        <source>Connect the source to this sink.</source>
        <translation>Verbinden Sie die Quelle mit diesem Ziel.</translation>
    </message>
    <message>
        <source>Connect the transport to this sink.</source>
        <translation>Verbinden Sie den Transport mit diesem Ziel.</translation>
    </message>
    <message>
        <source>Add a sink from the palette.</source>
        <translation>Fügen Sie ein Ziel aus der Palette hinzu.</translation>
    </message>
</context>
<context>
    <name>syncline::ui::DifferenceModel</name>
    <message>
        <source>Missing on the target</source>
        <translation>Fehlt im Ziel</translation>
    </message>
    <message>
        <source>Extra on the target</source>
        <translation>Zusätzlich im Ziel</translation>
    </message>
    <message>
        <source>Different</source>
        <translation>Abweichend</translation>
    </message>
    <message>
        <source>Insert from the source</source>
        <translation>Aus der Quelle einfügen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Update from the source</source>
        <translation>Aus der Quelle aktualisieren</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Unterschied</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Repair would</source>
        <translation>Reparatur würde</translation>
    </message>
</context>
<context>
    <name>syncline::ui::EnvelopeDiffModel</name>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>(absent)</source>
        <translation>(fehlt)</translation>
    </message>
    <message>
        <source>(unchanged, not sent)</source>
        <translation>(unverändert, nicht gesendet)</translation>
    </message>
</context>
<context>
    <name>syncline::ui::EnvelopeEditDialog</name>
    <message>
        <source>Edit dead letter #%1</source>
        <translation>Dead Letter #%1 bearbeiten</translation>
    </message>
    <message>
        <source>Save and replay</source>
        <translation>Speichern und erneut anwenden</translation>
    </message>
    <message>
        <source>The change a replay applies, as a Debezium JSON envelope. The original stays in the store.</source>
        <translation>Die Änderung, die ein Replay anwendet, als Debezium-JSON-Umschlag. Das Original bleibt im Speicher.</translation>
    </message>
    <message>
        <source>A valid change event on %1.%2.</source>
        <translation>Ein gültiges Änderungsereignis auf %1.%2.</translation>
    </message>
    <message>
        <source>Not a change event a replay can apply: %1</source>
        <translation>Kein Änderungsereignis, das ein Replay anwenden kann: %1</translation>
    </message>
</context>
<context>
    <name>syncline::ui::FleetModel</name>
    <message>
        <source>%1 · unreachable</source>
        <translation>%1 · nicht erreichbar</translation>
    </message>
    <message>
        <source>%1 · no position yet</source>
        <translation>%1 · noch keine Position</translation>
    </message>
    <message>
        <source>%1 behind</source>
        <translation>%1 zurück</translation>
    </message>
    <message>
        <source>Cannot be run</source>
        <translation>Nicht ausführbar</translation>
    </message>
</context>
<context>
    <name>syncline::ui::ImportTopicDialog</name>
    <message>
        <source>Import Dead-Letter Topic</source>
        <translation>Dead-Letter-Topic importieren</translation>
    </message>
    <message>
        <source>e.g. shop.dlq.replica, or a Kafka Connect DLQ topic</source>
        <translation>z. B. shop.dlq.replica oder ein DLQ-Topic von Kafka Connect</translation>
    </message>
    <message>
        <source>Other cluster…</source>
        <translation>Anderer Cluster…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Topic:</source>
        <translation>Topic:</translation>
    </message>
    <message>
        <source>Replay to sink:</source>
        <translation>Replay auf Senke:</translation>
    </message>
    <message>
        <source>Kafka cluster:</source>
        <translation>Kafka-Cluster:</translation>
    </message>
    <message>
        <source>none: enter one with Other cluster…</source>
        <translation>keiner: geben Sie einen mit „Anderer Cluster…“ an</translation>
    </message>
</context>
<context>
    <name>syncline::ui::KafkaConnectionDialog</name>
    <message>
        <source>SASL &amp;mechanism:</source>
        <translation>SASL-&amp;Mechanismus:</translation>
    </message>
    <message>
        <source>host1:9092,host2:9092</source>
        <translation>host1:9092,host2:9092</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>Further librdkafka properties, one name=value per line,
e.g. ssl.ca.location=/etc/ssl/certs/ca.pem</source>
        <translation>Weitere librdkafka-Eigenschaften, eine name=wert pro Zeile,
z. B. ssl.ca.location=/etc/ssl/certs/ca.pem</translation>
    </message>
    <message>
        <source>Kafka Cluster</source>
        <translation>Kafka-Cluster</translation>
    </message>
    <message>
        <source>&amp;Other properties:</source>
        <translation>&amp;Weitere Eigenschaften:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Bootstrap servers:</source>
        <translation>&amp;Bootstrap-Server:</translation>
    </message>
    <message>
        <source>&amp;Security protocol:</source>
        <translation>&amp;Sicherheitsprotokoll:</translation>
    </message>
</context>
<context>
    <name>syncline::ui::LagStatusLabel</name>
    <message>
        <source>Judged from the trend of the lag over the last minute: OK while it does not grow, WARN when it grew at every step, STALLED when nothing was applied</source>
        <translation>Beurteilt nach dem Verlauf des Rückstands in der letzten Minute: OK, solange er nicht wächst, WARNUNG, wenn er bei jedem Schritt wuchs, STOCKT, wenn nichts geschrieben wurde</translation>
    </message>
</context>
<context>
    <name>syncline::ui::LogModel</name>
    <message>
        <source>Debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
</context>
<context>
    <name>syncline::ui::LogPage</name>
    <message>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <source>Filter messages</source>
        <translation>Meldungen filtern</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Stufe:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Kategorie:</translation>
    </message>
    <message>
        <source>All pipelines</source>
        <translation>Alle Pipelines</translation>
    </message>
    <message>
        <source>Pipeline:</source>
        <translation>Pipeline:</translation>
    </message>
</context>
<context>
    <name>syncline::ui::MainWindow</name>
    <message>
        <source>Dead letters</source>
        <translation>Dead Letters</translation>
    </message>
    <message>
        <source>Designer</source>
        <translation>Designer</translation>
    </message>
    <message>
        <source>Syncline Console</source>
        <translation>Syncline-Konsole</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Schemas</source>
        <translation>Schemata</translation>
    </message>
    <message numerus="yes">
        <source>%n pipeline(s) running</source>
        <translation>
            <numerusform>%n Pipeline läuft</numerusform>
            <numerusform>%n Pipelines laufen</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Pipeline</source>
        <translation>&amp;Pipeline</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>Open Pipeline</source>
        <translation>Pipeline öffnen</translation>
    </message>
    <message>
        <source>Pipeline files (*.yaml *.yml);;All files (*)</source>
        <translation>Pipeline-Dateien (*.yaml *.yml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message numerus="yes">
        <source>%n pipeline(s) running. Stop and quit? Each stops gracefully: what it has read is applied and confirmed first.</source>
        <translation>
            <numerusform>%n Pipeline läuft. Anhalten und beenden? Sie hält geordnet an: Was sie gelesen hat, wird zuerst geschrieben und bestätigt.</numerusform>
            <numerusform>%n Pipelines laufen. Anhalten und beenden? Jede hält geordnet an: Was sie gelesen hat, wird zuerst geschrieben und bestätigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping pipelines…</source>
        <translation>Pipelines werden angehalten…</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>About Syncline Console</source>
        <translation>Über Syncline Console</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Syncline Console %1&lt;/h3&gt;&lt;p&gt;Runs and watches Syncline pipelines: change data capture from PostgreSQL and MySQL into databases, Kafka, Redis and HTTP.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Syncline Console %1&lt;/h3&gt;&lt;p&gt;Startet und überwacht Syncline-Pipelines: Change Data Capture aus PostgreSQL und MySQL in Datenbanken, Kafka, Redis und HTTP.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Syncline Console</source>
        <translation>Ü&amp;ber Syncline Console</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Alert: %1: %2</source>
        <translation>Alarm: %1: %2</translation>
    </message>
</context>
<context>
    <name>syncline::ui::MessageBrowserBar</name>
    <message>
        <source>Value contains…</source>
        <translation>Wert enthält…</translation>
    </message>
    <message>
        <source>From the beginning</source>
        <translation>Vom Anfang</translation>
    </message>
    <message>
        <source>Last messages of each partition</source>
        <translation>Letzte Nachrichten jeder Partition</translation>
    </message>
    <message>
        <source>Start:</source>
        <translation>Start:</translation>
    </message>
    <message>
        <source>From time</source>
        <translation>Ab Zeitpunkt</translation>
    </message>
    <message>
        <source>From offset</source>
        <translation>Ab Offset</translation>
    </message>
    <message>
        <source>Header name=value…</source>
        <translation>Header name=wert…</translation>
    </message>
    <message>
        <source>&amp;Live tail</source>
        <translation>&amp;Live mitlesen</translation>
    </message>
    <message>
        <source>Key contains…</source>
        <translation>Schlüssel enthält…</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>Filter:</translation>
    </message>
</context>
<context>
    <name>syncline::ui::MessageDetailView</name>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>no timestamp</source>
        <translation>kein Zeitstempel</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>(no key)</source>
        <translation>(kein Schlüssel)</translation>
    </message>
    <message>
        <source>(tombstone: no value)</source>
        <translation>(Tombstone: kein Wert)</translation>
    </message>
    <message>
        <source>Select a message to see it in full.</source>
        <translation>Wählen Sie eine Nachricht, um sie vollständig zu sehen.</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>Löschung</translation>
    </message>
    <message>
        <source>insert</source>
        <translation>Einfügen</translation>
    </message>
    <message>
        <source>update</source>
        <translation>Änderung</translation>
    </message>
    <message numerus="yes">
        <source>Partition %1 · offset %2 · %3 · %n header(s)</source>
        <translation>
            <numerusform>Partition %1 · Offset %2 · %3 · %n Header</numerusform>
            <numerusform>Partition %1 · Offset %2 · %3 · %n Header</numerusform>
        </translation>
    </message>
    <message>
        <source>truncate</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>snapshot read</source>
        <translation>Snapshot-Lesen</translation>
    </message>
    <message numerus="yes">
        <source>%1 on %2 · %n column(s) changed</source>
        <translation>
            <numerusform>%1 auf %2 · %n Spalte geändert</numerusform>
            <numerusform>%1 auf %2 · %n Spalten geändert</numerusform>
        </translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
</context>
<context>
    <name>syncline::ui::NodeItem</name>
    <message>
        <source>Sink</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingang</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Drag to an input to connect</source>
        <translation>Zum Verbinden auf einen Eingang ziehen</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>Transform</source>
        <translation>Transformation</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>Schritt %1</translation>
    </message>
</context>
<context>
    <name>syncline::ui::OverviewPage</name>
    <message>
        <source>No pipeline is open.
Open a pipeline file with File ▸ Open (Ctrl+O), or drop one here.</source>
        <translation>Keine Pipeline geöffnet.
Öffnen Sie eine Pipeline-Datei mit Datei ▸ Öffnen (Strg+O) oder ziehen Sie eine hierher.</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Karten</translation>
    </message>
    <message>
        <source>Each pipeline as a card</source>
        <translation>Jede Pipeline als Karte</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>The pipelines as a table</source>
        <translation>Die Pipelines als Tabelle</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Flotte</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>Ansicht:</translation>
    </message>
</context>
<context>
    <name>syncline::ui::PipelineActions</name>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>A&amp;nhalten</translation>
    </message>
    <message>
        <source>Re&amp;load File</source>
        <translation>Datei neu &amp;laden</translation>
    </message>
    <message>
        <source>&amp;Close Pipeline</source>
        <translation>Pipeline &amp;schließen</translation>
    </message>
    <message>
        <source>Stop Pipeline</source>
        <translation>Pipeline anhalten</translation>
    </message>
    <message>
        <source>Stop %1? Changes read so far are applied and confirmed first; changes made after that wait in the replication slot until it runs again.</source>
        <translation>%1 anhalten? Bereits gelesene Änderungen werden zuerst geschrieben und bestätigt; spätere Änderungen warten im Replikations-Slot, bis sie wieder läuft.</translation>
    </message>
</context>
<context>
    <name>syncline::ui::PipelineCard</name>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Dead Letters</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s)</source>
        <translation>
            <numerusform>%n Alarm</numerusform>
            <numerusform>%n Alarme</numerusform>
        </translation>
    </message>
    <message>
        <source>Lag: %1</source>
        <translation>Rückstand: %1</translation>
    </message>
    <message>
        <source>Events: %1</source>
        <translation>Ereignisse: %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Dead letters: %1   ·   Alerts: %2   ·   Verified: %3</source>
        <translation>Dead Letters: %1   ·   Alarme: %2   ·   Geprüft: %3</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
</context>
<context>
    <name>syncline::ui::PipelineDetailPane</name>
    <message>
        <source>Replication slot</source>
        <translation>Replikations-Slot</translation>
    </message>
    <message>
        <source>Sinks</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>Last errors</source>
        <translation>Letzte Fehler</translation>
    </message>
    <message>
        <source>No sinks.</source>
        <translation>Keine Ziele.</translation>
    </message>
    <message>
        <source>Select a pipeline to see its slot, sinks and last errors.</source>
        <translation>Wählen Sie eine Pipeline, um ihren Slot, ihre Ziele und ihre letzten Fehler zu sehen.</translation>
    </message>
    <message>
        <source>No source: this pipeline reads Kafka topics.</source>
        <translation>Keine Quelle: Diese Pipeline liest Kafka-Topics.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>liest…</translation>
    </message>
    <message>
        <source>unreachable: %1</source>
        <translation>nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>not created yet</source>
        <translation>noch nicht angelegt</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Server at</source>
        <translation>Server bei</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Rückstand</translation>
    </message>
    <message>
        <source>Retained WAL</source>
        <translation>Zurückgehaltenes WAL</translation>
    </message>
    <message>
        <source>wal_status</source>
        <translation>wal_status</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>No warnings or errors logged since the console started.</source>
        <translation>Seit dem Start der Konsole wurden keine Warnungen oder Fehler protokolliert.</translation>
    </message>
</context>
<context>
    <name>syncline::ui::PipelineListModel</name>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Confirmed position</source>
        <translation>Bestätigte Position</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Rückstand</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Dead Letters</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>verifying…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message numerus="yes">
        <source>%n table(s) differ</source>
        <translation>
            <numerusform>%n Tabelle weicht ab</numerusform>
            <numerusform>%n Tabellen weichen ab</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n table(s) not compared</source>
        <translation>
            <numerusform>%n Tabelle nicht verglichen</numerusform>
            <numerusform>%n Tabellen nicht verglichen</numerusform>
        </translation>
    </message>
    <message>
        <source>equal</source>
        <translation>gleich</translation>
    </message>
    <message>
        <source>not compared: %1</source>
        <translation>nicht verglichen: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) differ</source>
        <translation>
            <numerusform>%n Zeile weicht ab</numerusform>
            <numerusform>%n Zeilen weichen ab</numerusform>
        </translation>
    </message>
    <message>
        <source>Next scheduled run: %1</source>
        <translation>Nächster geplanter Lauf: %1</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Geprüft</translation>
    </message>
</context>
<context>
    <name>syncline::ui::PipelinesPage</name>
    <message>
        <source>No pipeline is open.
Open a pipeline file with File ▸ Open (Ctrl+O), or drop one here.</source>
        <translation>Keine Pipeline geöffnet.
Öffnen Sie eine Pipeline-Datei mit Datei ▸ Öffnen (Strg+O) oder ziehen Sie eine hierher.</translation>
    </message>
    <message>
        <source>%1 cannot be run:</source>
        <translation>%1 kann nicht ausgeführt werden:</translation>
    </message>
</context>
<context>
    <name>syncline::ui::PrivacyColumnModel</name>
    <message>
        <source>%1 — step %2 (%3)</source>
        <translation>%1 — Schritt %2 (%3)</translation>
    </message>
    <message>
        <source>allow_unmasked</source>
        <translation>allow_unmasked</translation>
    </message>
    <message>
        <source>none: leaves unmasked</source>
        <translation>keiner: verlässt die Engine unmaskiert</translation>
    </message>
    <message>
        <source>Tagged as personal data and masked by no step: validate and run refuse the pipeline. Add a mask step for it, or name it in allow_unmasked.</source>
        <translation>Als personenbezogen markiert und von keinem Schritt maskiert: validate und run lehnen die Pipeline ab. Einen mask-Schritt dafür hinzufügen oder sie in allow_unmasked nennen.</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Covered by</source>
        <translation>Abgedeckt durch</translation>
    </message>
</context>
<context>
    <name>syncline::ui::PrivacyPanel</name>
    <message>
        <source>Read columns</source>
        <translation>Spalten lesen</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>Vorschau…</translation>
    </message>
    <message>
        <source>Reads the source&apos;s columns and their comments (pii: tags)</source>
        <translation>Liest die Spalten der Quelle und ihre Kommentare (pii:-Tags)</translation>
    </message>
    <message>
        <source>Read the source&apos;s columns to see what the transforms cover.</source>
        <translation>Spalten der Quelle lesen, um zu sehen, was die Transformationen abdecken.</translation>
    </message>
    <message>
        <source>Reading the source&apos;s columns…</source>
        <translation>Spalten der Quelle werden gelesen…</translation>
    </message>
    <message numerus="yes">
        <source>%n column(s) tagged pii: in %1.</source>
        <translation>
            <numerusform>%n Spalte mit pii:-Tag in %1.</numerusform>
            <numerusform>%n Spalten mit pii:-Tag in %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n table(s)</source>
        <translation>
            <numerusform>%n Tabelle</numerusform>
            <numerusform>%n Tabellen</numerusform>
        </translation>
    </message>
    <message>
        <source>Masked by no step (red): %1. Validate and run refuse the pipeline until a step masks them or allow_unmasked names them.</source>
        <translation>Von keinem Schritt maskiert (rot): %1. Validate und run lehnen die Pipeline ab, bis ein Schritt sie maskiert oder allow_unmasked sie nennt.</translation>
    </message>
    <message>
        <source>Each is masked or named in allow_unmasked.</source>
        <translation>Jede ist maskiert oder in allow_unmasked genannt.</translation>
    </message>
</context>
<context>
    <name>syncline::ui::PropertyField</name>
    <message>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>default (%1)</source>
        <translation>Standard (%1)</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(nicht gesetzt)</translation>
    </message>
</context>
<context>
    <name>syncline::ui::PropertyForm</name>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>Select a node to edit it; drag connectors from the palette.</source>
        <translation>Wählen Sie einen Knoten zum Bearbeiten; ziehen Sie Konnektoren aus der Palette.</translation>
    </message>
    <message>
        <source>Unknown connector type.</source>
        <translation>Unbekannter Konnektortyp.</translation>
    </message>
    <message>
        <source>Browse tables…</source>
        <translation>Tabellen durchsuchen…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Test brokers</source>
        <translation>Broker testen</translation>
    </message>
</context>
<context>
    <name>syncline::ui::RepairAuditView</name>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Sink</source>
        <translation>Senke</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
</context>
<context>
    <name>syncline::ui::ReplayPanel</name>
    <message>
        <source>Applied</source>
        <translation>Angewendet</translation>
    </message>
    <message>
        <source>Already applied</source>
        <translation>Schon angewendet</translation>
    </message>
    <message>
        <source>Would apply</source>
        <translation>Würde angewendet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>In Quarantäne</translation>
    </message>
    <message>
        <source>Waiting for an earlier dead letter of its row</source>
        <translation>Wartet auf einen früheren Dead Letter seiner Zeile</translation>
    </message>
    <message>
        <source>Replay selected</source>
        <translation>Auswahl erneut anwenden</translation>
    </message>
    <message>
        <source>Replay all matching</source>
        <translation>Alle passenden erneut anwenden</translation>
    </message>
    <message>
        <source>Edit and replay…</source>
        <translation>Bearbeiten und erneut anwenden…</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>Verwerfen…</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>Probelauf</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Show exactly what a replay or discard would do, changing nothing</source>
        <translation>Genau zeigen, was ein Replay oder Verwerfen täte, ohne etwas zu ändern</translation>
    </message>
    <message>
        <source>no rate cap</source>
        <translation>ohne Ratenbegrenzung</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> /s</translation>
    </message>
    <message>
        <source>Replay at most this many dead letters per second</source>
        <translation>Höchstens so viele Dead Letters pro Sekunde erneut anwenden</translation>
    </message>
    <message>
        <source>Dead letter</source>
        <translation>Dead Letter</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message numerus="yes">
        <source>Replay all %n matching</source>
        <translation>
            <numerusform>Den %n passenden erneut anwenden</numerusform>
            <numerusform>Alle %n passenden erneut anwenden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>syncline::ui::RowComparisonModel</name>
    <message>
        <source>%1 (key)</source>
        <translation>%1 (Schlüssel)</translation>
    </message>
    <message>
        <source>(no row)</source>
        <translation>(keine Zeile)</translation>
    </message>
    <message>
        <source>(no such column)</source>
        <translation>(keine solche Spalte)</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Source row</source>
        <translation>Zeile in der Quelle</translation>
    </message>
    <message>
        <source>Target row</source>
        <translation>Zeile im Ziel</translation>
    </message>
</context>
<context>
    <name>syncline::ui::RowsEditor</name>
    <message>
        <source>Remove the selected row</source>
        <translation>Ausgewählte Zeile entfernen</translation>
    </message>
    <message>
        <source>Add a row</source>
        <translation>Zeile hinzufügen</translation>
    </message>
</context>
<context>
    <name>syncline::ui::SchemaActionModel</name>
    <message>
        <source>Not run. To apply it by hand:
</source>
        <translation>Nicht ausgeführt. Von Hand anwenden mit:
</translation>
    </message>
    <message>
        <source>Run on the target:
</source>
        <translation>Auf dem Ziel ausgeführt:
</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Sink</source>
        <translation>Senke</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
</context>
<context>
    <name>syncline::ui::SchemaColumnModel</name>
    <message>
        <source>key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
</context>
<context>
    <name>syncline::ui::SchemaDiffModel</name>
    <message>
        <source>%1 (key)</source>
        <translation>%1 (Schlüssel)</translation>
    </message>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>type changed</source>
        <translation>Typ geändert</translation>
    </message>
    <message>
        <source>key changed</source>
        <translation>Schlüssel geändert</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
</context>
<context>
    <name>syncline::ui::SchemaTableModel</name>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>default (primary key)</source>
        <translation>Standard (Primärschlüssel)</translation>
    </message>
    <message>
        <source>full</source>
        <translation>vollständig</translation>
    </message>
    <message>
        <source>index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>unknown (%1)</source>
        <translation>unbekannt (%1)</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Replica identity</source>
        <translation>Replikatidentität</translation>
    </message>
</context>
<context>
    <name>syncline::ui::SchemaVersionModel</name>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>First LSN</source>
        <translation>Erste LSN</translation>
    </message>
    <message>
        <source>Recorded at</source>
        <translation>Erfasst am</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Made by:
</source>
        <translation>Entstanden durch:
</translation>
    </message>
</context>
<context>
    <name>syncline::ui::SchemasPage</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read the schema history again (%1)</source>
        <translation>Schemahistorie neu lesen (%1)</translation>
    </message>
    <message>
        <source>Pipeline:</source>
        <translation>Pipeline:</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tabellen</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Compare version</source>
        <translation>Vergleiche Version</translation>
    </message>
    <message>
        <source>with version</source>
        <translation>mit Version</translation>
    </message>
    <message numerus="yes">
        <source>%n table(s)</source>
        <translation>
            <numerusform>%n Tabelle</numerusform>
            <numerusform>%n Tabellen</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a pipeline to see the schemas of the tables it captures.</source>
        <translation>Öffnen Sie eine Pipeline, um die Schemata ihrer erfassten Tabellen zu sehen.</translation>
    </message>
    <message>
        <source>The pipeline file has problems; the Pipelines page lists them.</source>
        <translation>Die Pipeline-Datei hat Probleme; die Seite „Pipelines“ listet sie auf.</translation>
    </message>
    <message>
        <source>Cannot read the schema history in %1: %2</source>
        <translation>Die Schemahistorie in %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>No schema history yet: start the pipeline once. Each table shows here once the pipeline has read a change to it.</source>
        <translation>Noch keine Schemahistorie: Starten Sie die Pipeline einmal. Jede Tabelle erscheint hier, sobald die Pipeline eine Änderung an ihr gelesen hat.</translation>
    </message>
    <message>
        <source>No table recorded yet: each table shows here once the pipeline has read a change to it.</source>
        <translation>Noch keine Tabelle erfasst: Jede Tabelle erscheint hier, sobald die Pipeline eine Änderung an ihr gelesen hat.</translation>
    </message>
    <message>
        <source>Columns of version %1 · key: %2 · replica identity: %3</source>
        <translation>Spalten von Version %1 · Schlüssel: %2 · Replikatidentität: %3</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>the same version</source>
        <translation>dieselbe Version</translation>
    </message>
    <message>
        <source>no differences</source>
        <translation>keine Unterschiede</translation>
    </message>
    <message numerus="yes">
        <source>%n column(s) changed</source>
        <translation>
            <numerusform>%n Spalte geändert</numerusform>
            <numerusform>%n Spalten geändert</numerusform>
        </translation>
    </message>
    <message>
        <source>Show held changes</source>
        <translation>Zurückgehaltene Änderungen zeigen</translation>
    </message>
    <message>
        <source>Open the Dead letters page on the changes held for the table, to replay them once the target takes the new shape</source>
        <translation>Die Seite „Dead Letters“ mit den für die Tabelle zurückgehaltenen Änderungen öffnen, um sie erneut anzuwenden, sobald das Ziel die neue Form hat</translation>
    </message>
    <message>
        <source>Resync table…</source>
        <translation>Tabelle neu synchronisieren…</translation>
    </message>
    <message>
        <source>Discard the held changes and copy the table again while streaming</source>
        <translation>Die zurückgehaltenen Änderungen verwerfen und die Tabelle während des Streamens neu kopieren</translation>
    </message>
    <message>
        <source>Drop from pipeline…</source>
        <translation>Aus der Pipeline entfernen…</translation>
    </message>
    <message>
        <source>Discard the held changes and take the table out of the pipeline file&apos;s source tables</source>
        <translation>Die zurückgehaltenen Änderungen verwerfen und die Tabelle aus den Quelltabellen der Pipeline-Datei nehmen</translation>
    </message>
    <message>
        <source>Resync %1</source>
        <translation>%1 neu synchronisieren</translation>
    </message>
    <message>
        <source>Discard the changes held for %1 and copy the table again while the pipeline streams?

Change the target table to the source&apos;s new shape first: the copy goes through the same check, and is held again otherwise.</source>
        <translation>Die für %1 zurückgehaltenen Änderungen verwerfen und die Tabelle neu kopieren, während die Pipeline streamt?

Bringen Sie die Zieltabelle zuerst in die neue Form der Quelle: Die Kopie durchläuft dieselbe Prüfung und wird sonst erneut zurückgehalten.</translation>
    </message>
    <message numerus="yes">
        <source>%1: held changes discarded: %n. The table is copied again while the pipeline streams.</source>
        <translation>
            <numerusform>%1: zurückgehaltene Änderungen verworfen: %n. Die Tabelle wird neu kopiert, während die Pipeline streamt.</numerusform>
            <numerusform>%1: zurückgehaltene Änderungen verworfen: %n. Die Tabelle wird neu kopiert, während die Pipeline streamt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot resync %1: %2</source>
        <translation>%1 kann nicht neu synchronisiert werden: %2</translation>
    </message>
    <message>
        <source>Cannot drop %1 from the pipeline: %2</source>
        <translation>%1 kann nicht aus der Pipeline entfernt werden: %2</translation>
    </message>
    <message>
        <source>stop the pipeline first.</source>
        <translation>Halten Sie zuerst die Pipeline an.</translation>
    </message>
    <message>
        <source>Drop %1</source>
        <translation>%1 entfernen</translation>
    </message>
    <message numerus="yes">
        <source>Drop %1 from the pipeline?

The changes held for it are discarded: %n. It is taken out of the source&apos;s tables in %2, which is rewritten without its comments. The target table is left as it is.</source>
        <translation>
            <numerusform>%1 aus der Pipeline entfernen?

Die für sie zurückgehaltenen Änderungen werden verworfen: %n. Sie wird aus den Quelltabellen in %2 genommen; die Datei wird ohne ihre Kommentare neu geschrieben. Die Zieltabelle bleibt, wie sie ist.</numerusform>
            <numerusform>%1 aus der Pipeline entfernen?

Die für sie zurückgehaltenen Änderungen werden verworfen: %n. Sie wird aus den Quelltabellen in %2 genommen; die Datei wird ohne ihre Kommentare neu geschrieben. Die Zieltabelle bleibt, wie sie ist.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 dropped from the pipeline: held changes discarded: %n.</source>
        <translation>
            <numerusform>%1 aus der Pipeline entfernt: zurückgehaltene Änderungen verworfen: %n.</numerusform>
            <numerusform>%1 aus der Pipeline entfernt: zurückgehaltene Änderungen verworfen: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 was taken out of %2, but its held changes could not be discarded: %3</source>
        <translation>%1 wurde aus %2 entfernt, aber die zurückgehaltenen Änderungen konnten nicht verworfen werden: %3</translation>
    </message>
    <message>
        <source>What the sinks did</source>
        <translation>Was die Senken taten</translation>
    </message>
    <message numerus="yes">
        <source>%1 is held by sink %2 (changes kept as dead letters: %n): %3</source>
        <translation>
            <numerusform>%1 wird von Senke %2 zurückgehalten (als Dead Letters aufbewahrte Änderungen: %n): %3</numerusform>
            <numerusform>%1 wird von Senke %2 zurückgehalten (als Dead Letters aufbewahrte Änderungen: %n): %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Apply the change to the target by hand, then replay the table&apos;s dead letters (Dead letters page, or syncline dlq replay &lt;file&gt; --table &lt;table&gt;); or discard them and copy the table again (syncline snapshot &lt;file&gt; --table &lt;table&gt;).</source>
        <translation>Wenden Sie die Änderung von Hand auf das Ziel an und wenden Sie dann die Dead Letters der Tabelle erneut an (Seite „Dead Letters“ oder syncline dlq replay &lt;file&gt; --table &lt;table&gt;); oder verwerfen Sie sie und kopieren Sie die Tabelle neu (syncline snapshot &lt;file&gt; --table &lt;table&gt;).</translation>
    </message>
</context>
<context>
    <name>syncline::ui::SourceProbeJob</name>
    <message>
        <source>Connected: PostgreSQL %1, database %2, user %3</source>
        <translation>Verbunden: PostgreSQL %1, Datenbank %2, Benutzer %3</translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n topic(s)</source>
        <translation>
            <numerusform>Verbunden: %n Topic</numerusform>
            <numerusform>Verbunden: %n Topics</numerusform>
        </translation>
    </message>
    <message>
        <source>No answer from the brokers within 10 s: %1</source>
        <translation>Keine Antwort der Broker innerhalb von 10 s: %1</translation>
    </message>
    <message>
        <source>The embedded broker starts inside the pipeline when it runs; there is nothing to connect to before that.</source>
        <translation>Der eingebettete Broker startet in der Pipeline, wenn sie läuft; vorher gibt es nichts, womit man sich verbinden könnte.</translation>
    </message>
    <message>
        <source>Connected: %1</source>
        <translation>Verbunden: %1</translation>
    </message>
    <message>
        <source>Capture cannot start yet (Browse tables… lists the fixes):</source>
        <translation>Die Erfassung kann noch nicht starten („Tabellen durchsuchen…“ zeigt die Abhilfen):</translation>
    </message>
    <message>
        <source>This build cannot test a %1 sink yet.</source>
        <translation>Diese Version kann ein %1-Ziel noch nicht testen.</translation>
    </message>
    <message>
        <source>The pipeline does not validate yet: %1</source>
        <translation>Die Pipeline ist noch nicht gültig: %1</translation>
    </message>
    <message>
        <source>Connected: Redis at %1 answered PING</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>syncline::ui::SourceTableModel</name>
    <message>
        <source>Fix</source>
        <translation>Korrektur</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>Erfassung</translation>
    </message>
    <message>
        <source>OK (%1)</source>
        <translation>OK (%1)</translation>
    </message>
</context>
<context>
    <name>syncline::ui::SourceTablesDialog</name>
    <message>
        <source>Nothing to fix for the checked tables.</source>
        <translation>Für die markierten Tabellen ist nichts zu korrigieren.</translation>
    </message>
    <message>
        <source>Cannot read the source: %1</source>
        <translation>Die Quelle kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Reading the source&apos;s tables…</source>
        <translation>Lese die Tabellen der Quelle…</translation>
    </message>
    <message>
        <source>Use Checked Tables</source>
        <translation>Markierte Tabellen übernehmen</translation>
    </message>
    <message>
        <source>Source Tables</source>
        <translation>Quelltabellen</translation>
    </message>
    <message>
        <source>What makes the server and the checked tables ready for capture:</source>
        <translation>Was den Server und die markierten Tabellen für die Erfassung bereit macht:</translation>
    </message>
    <message>
        <source>%1, capture needs %2</source>
        <translation>%1, die Erfassung braucht %2</translation>
    </message>
</context>
<context>
    <name>syncline::ui::TopicListModel</name>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Partition %1: offsets %2 – %3 (%4 messages)</source>
        <translation>Partition %1: Offsets %2 – %3 (%4 Nachrichten)</translation>
    </message>
    <message>
        <source>Partition %1: %2</source>
        <translation>Partition %1: %2</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Low watermark</source>
        <translation>Untere Marke</translation>
    </message>
    <message>
        <source>High watermark</source>
        <translation>Obere Marke</translation>
    </message>
</context>
<context>
    <name>syncline::ui::TopicMessageModel</name>
    <message>
        <source>Scanned %1 · matched %2</source>
        <translation>Durchsucht %1 · gefunden %2</translation>
    </message>
    <message>
        <source>Read %1</source>
        <translation>Gelesen %1</translation>
    </message>
    <message>
        <source>Choose a topic.</source>
        <translation>Wählen Sie ein Topic.</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>liest…</translation>
    </message>
    <message>
        <source>end of topic, waiting for new messages</source>
        <translation>Ende des Topics, wartet auf neue Nachrichten</translation>
    </message>
    <message>
        <source>end of topic</source>
        <translation>Ende des Topics</translation>
    </message>
    <message>
        <source>timed out, not at the end: scroll down to go on</source>
        <translation>Zeitüberschreitung, nicht am Ende: zum Fortfahren nach unten scrollen</translation>
    </message>
    <message>
        <source>timed out (%1), not at the end: scroll down to go on</source>
        <translation>Zeitüberschreitung (%1), nicht am Ende: zum Fortfahren nach unten scrollen</translation>
    </message>
    <message>
        <source>showing the first %1 messages; narrow the filter or start later</source>
        <translation>Die ersten %1 Nachrichten werden gezeigt; Filter eingrenzen oder später beginnen</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>(tombstone)</source>
        <translation>(Tombstone)</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>the brokers did not answer in time</source>
        <translation>die Broker haben nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>the brokers did not answer in time (%1)</source>
        <translation>die Broker haben nicht rechtzeitig geantwortet (%1)</translation>
    </message>
</context>
<context>
    <name>syncline::ui::TopicsPage</name>
    <message numerus="yes">
        <source>The brokers did not answer within %n second(s). Refresh to try again.</source>
        <translation>
            <numerusform>Die Broker haben nicht innerhalb von %n Sekunde geantwortet. Aktualisieren Sie, um es erneut zu versuchen.</numerusform>
            <numerusform>Die Broker haben nicht innerhalb von %n Sekunden geantwortet. Aktualisieren Sie, um es erneut zu versuchen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pipeline %1</source>
        <translation>Pipeline %1</translation>
    </message>
    <message>
        <source>Cluster:</source>
        <translation>Cluster:</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Export Selected…</source>
        <translation>Auswahl &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Other Cluster…</source>
        <translation>&amp;Anderer Cluster…</translation>
    </message>
    <message>
        <source>Other cluster…</source>
        <translation>Anderer Cluster…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Cannot list the topics: %1</source>
        <translation>Die Topics können nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>The brokers did not answer within %n second(s) (%1). Refresh to try again.</source>
        <translation>
            <numerusform>Die Broker haben nicht innerhalb von %n Sekunde geantwortet (%1). Aktualisieren Sie, um es erneut zu versuchen.</numerusform>
            <numerusform>Die Broker haben nicht innerhalb von %n Sekunden geantwortet (%1). Aktualisieren Sie, um es erneut zu versuchen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export Messages</source>
        <translation>Nachrichten exportieren</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Listing the topics of %1…</source>
        <translation>Lese die Topics von %1…</translation>
    </message>
    <message>
        <source>Other: %1</source>
        <translation>Anderer: %1</translation>
    </message>
</context>
<context>
    <name>syncline::ui::TransformPreviewDialog</name>
    <message>
        <source>Fetch rows</source>
        <translation>Zeilen holen</translation>
    </message>
    <message>
        <source>Show raw values…</source>
        <translation>Rohwerte zeigen…</translation>
    </message>
    <message>
        <source>Transform preview</source>
        <translation>Vorschau der Transformationen</translation>
    </message>
    <message>
        <source>Table:</source>
        <translation>Tabelle:</translation>
    </message>
    <message numerus="yes">
        <source>Fetching up to %n row(s)…</source>
        <translation>
            <numerusform>Bis zu %n Zeile wird geholt…</numerusform>
            <numerusform>Bis zu %n Zeilen werden geholt…</numerusform>
        </translation>
    </message>
    <message>
        <source>The table has no rows.</source>
        <translation>Die Tabelle hat keine Zeilen.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) before and after the transforms; raw values are hidden.</source>
        <translation>
            <numerusform>%n Zeile vor und nach den Transformationen; Rohwerte sind verborgen.</numerusform>
            <numerusform>%n Zeilen vor und nach den Transformationen; Rohwerte sind verborgen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Show raw values?</source>
        <translation>Rohwerte zeigen?</translation>
    </message>
    <message>
        <source>Show raw values? They may contain personal data.</source>
        <translation>Rohwerte zeigen? Sie können personenbezogene Daten enthalten.</translation>
    </message>
</context>
<context>
    <name>syncline::ui::TransformPreviewModel</name>
    <message>
        <source>filtered out</source>
        <translation>herausgefiltert</translation>
    </message>
    <message>
        <source>not sent</source>
        <translation>nicht gesendet</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>verborgen</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After the transforms</source>
        <translation>Nach den Transformationen</translation>
    </message>
</context>
<context>
    <name>syncline::ui::TransformStepBar</name>
    <message>
        <source>Move up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Delete step</source>
        <translation>Schritt löschen</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>Vorschau…</translation>
    </message>
    <message>
        <source>Runs a few live rows of a source table through the transforms</source>
        <translation>Schickt einige aktuelle Zeilen einer Quelltabelle durch die Transformationen</translation>
    </message>
</context>
<context>
    <name>syncline::ui::ValidatePage</name>
    <message>
        <source>Verify now</source>
        <translation>Jetzt prüfen</translation>
    </message>
    <message>
        <source>Compare the sink&apos;s tables with the source while the pipeline streams: at a consistent point, with no pause</source>
        <translation>Die Tabellen der Senke mit der Quelle vergleichen, während die Pipeline streamt: an einem konsistenten Punkt, ohne Pause</translation>
    </message>
    <message>
        <source>Pipeline:</source>
        <translation>Pipeline:</translation>
    </message>
    <message>
        <source>Sink:</source>
        <translation>Senke:</translation>
    </message>
    <message>
        <source>Source row beside target row</source>
        <translation>Zeile in der Quelle neben Zeile im Ziel</translation>
    </message>
    <message>
        <source>Repair selected…</source>
        <translation>Auswahl reparieren…</translation>
    </message>
    <message>
        <source>Send the selected rows again from the source through the pipeline, then verify again</source>
        <translation>Die ausgewählten Zeilen erneut aus der Quelle durch die Pipeline senden, dann erneut prüfen</translation>
    </message>
    <message>
        <source>Repair all…</source>
        <translation>Alle reparieren…</translation>
    </message>
    <message>
        <source>Repair every difference found, then verify again</source>
        <translation>Jeden gefundenen Unterschied reparieren, dann erneut prüfen</translation>
    </message>
    <message>
        <source>Differences</source>
        <translation>Unterschiede</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tabellen</translation>
    </message>
    <message>
        <source>Repairs (audit log)</source>
        <translation>Reparaturen (Audit-Protokoll)</translation>
    </message>
    <message>
        <source>All sinks</source>
        <translation>Alle Senken</translation>
    </message>
    <message>
        <source>Open a pipeline to verify its sinks.</source>
        <translation>Öffnen Sie eine Pipeline, um ihre Senken zu prüfen.</translation>
    </message>
    <message>
        <source>Not verified yet in this session.</source>
        <translation>In dieser Sitzung noch nicht geprüft.</translation>
    </message>
    <message>
        <source>Verify compares while the pipeline streams: start it here or headless first.</source>
        <translation>Die Prüfung vergleicht, während die Pipeline streamt: Starten Sie sie zuerst hier oder headless.</translation>
    </message>
    <message>
        <source>Last result: %1 in %2.</source>
        <translation>Letztes Ergebnis: %1 in %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s)</source>
        <translation>
            <numerusform>%n Unterschied</numerusform>
            <numerusform>%n Unterschiede</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n table(s)</source>
        <translation>
            <numerusform>%n Tabelle</numerusform>
            <numerusform>%n Tabellen</numerusform>
        </translation>
    </message>
    <message>
        <source>Source row beside target row: %1 %2</source>
        <translation>Zeile in der Quelle neben Zeile im Ziel: %1 %2</translation>
    </message>
    <message>
        <source>Planning: listing the tables and estimating their rows…</source>
        <translation>Planung: Tabellen werden aufgelistet und ihre Zeilen geschätzt…</translation>
    </message>
    <message numerus="yes">
        <source>Requesting the repair of %n row(s)…</source>
        <translation>
            <numerusform>Reparatur von %n Zeile wird angefordert…</numerusform>
            <numerusform>Reparatur von %n Zeilen wird angefordert…</numerusform>
        </translation>
    </message>
    <message>
        <source>Compared %1, %2 rows in %3: </source>
        <translation>%1 verglichen, %2 Zeilen in %3: </translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s).</source>
        <translation>
            <numerusform>%n Unterschied.</numerusform>
            <numerusform>%n Unterschiede.</numerusform>
        </translation>
    </message>
    <message>
        <source>no differences.</source>
        <translation>keine Unterschiede.</translation>
    </message>
    <message numerus="yes">
        <source>Repaired %n row(s); verified again. </source>
        <translation>
            <numerusform>%n Zeile repariert; erneut geprüft. </numerusform>
            <numerusform>%n Zeilen repariert; erneut geprüft. </numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>The pipeline file has problems; see the Pipelines page.</source>
        <translation>Die Pipeline-Datei hat Probleme; siehe die Seite Pipelines.</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>geplant</translation>
    </message>
    <message>
        <source>console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <source>Last recorded result (%1): %2 in %3.</source>
        <translation>Zuletzt aufgezeichnetes Ergebnis (%1): %2 in %3.</translation>
    </message>
    <message>
        <source>Verify now to see the rows and repair them.</source>
        <translation>Jetzt prüfen, um die Zeilen zu sehen und zu reparieren.</translation>
    </message>
</context>
<context>
    <name>syncline::ui::VerifyJob</name>
    <message>
        <source>The pipeline file has problems; see the Pipelines page.</source>
        <translation>Die Pipeline-Datei hat Probleme; siehe die Seite Pipelines.</translation>
    </message>
    <message>
        <source>Waiting until the pipeline has sent the repair…</source>
        <translation>Warten, bis die Pipeline die Reparatur gesendet hat…</translation>
    </message>
    <message>
        <source>Repair sent; verifying again…</source>
        <translation>Reparatur gesendet; erneute Prüfung…</translation>
    </message>
    <message>
        <source>This pipeline&apos;s Kafka broker is embedded (brokers: embedded), so only the process running the pipeline can reach it: start the pipeline here, or let it verify itself on a schedule (verify: {every: …} in the pipeline file).</source>
        <translation>Der Kafka-Broker dieser Pipeline ist eingebettet (brokers: embedded), daher erreicht ihn nur der Prozess, der die Pipeline ausführt: Starten Sie die Pipeline hier, oder lassen Sie sie sich nach Zeitplan selbst prüfen (verify: {every: …} in der Pipeline-Datei).</translation>
    </message>
</context>
<context>
    <name>syncline::ui::VerifyProgressPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop comparing. A repair already requested goes on in the pipeline.</source>
        <translation>Den Vergleich beenden. Eine bereits angeforderte Reparatur läuft in der Pipeline weiter.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>About %1 rows to compare</source>
        <translation>Etwa %1 Zeilen zu vergleichen</translation>
    </message>
    <message>
        <source>%1 of about %2 rows</source>
        <translation>%1 von etwa %2 Zeilen</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 Zeilen</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
</context>
<context>
    <name>syncline::ui::VerifyResultModel</name>
    <message numerus="yes">
        <source>%n difference(s)</source>
        <translation>
            <numerusform>%n Unterschied</numerusform>
            <numerusform>%n Unterschiede</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Equal but %n row(s) that kept changing</source>
        <translation>
            <numerusform>Gleich bis auf %n Zeile, die sich ständig änderte</numerusform>
            <numerusform>Gleich bis auf %n Zeilen, die sich ständig änderten</numerusform>
        </translation>
    </message>
    <message>
        <source>Equal</source>
        <translation>Gleich</translation>
    </message>
    <message>
        <source>Not compared (only one side has them): %1</source>
        <translation>Nicht verglichen (nur eine Seite hat sie): %1</translation>
    </message>
    <message>
        <source>Sink</source>
        <translation>Senke</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Rows compared</source>
        <translation>Verglichene Zeilen</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Fehlend</translation>
    </message>
    <message>
        <source>Extra</source>
        <translation>Zusätzlich</translation>
    </message>
    <message>
        <source>Different</source>
        <translation>Abweichend</translation>
    </message>
    <message>
        <source>Unsettled</source>
        <translation>Unentschieden</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Rows/s</source>
        <translation>Zeilen/s</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
</context>
</TS>
