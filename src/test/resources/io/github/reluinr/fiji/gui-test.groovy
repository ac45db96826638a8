#@ String report
#@ String screens
#@ String data
#@ CommandService command
// Run by FijiGuiIT in the real ImageJ2 + imagej-legacy runtime under Xvfb (--gui): the Swing dialogs a user
// sees, the live plot, Esc, the result windows and a macro with a display. Writes key=value lines to `report`
// and screenshots to `screens`, then exits the JVM (the GUI would keep it alive).
import ij.IJ
import ij.WindowManager
import ij.measure.ResultsTable
import java.awt.*
import java.awt.event.KeyEvent
import javax.swing.*
import javax.imageio.ImageIO
import io.github.reluinr.imagej.*

def out = new StringBuilder()
def put = { k, v -> out.append(k).append('=').append(String.valueOf(v).replace('\n', ' ')).append('\n'); new File(report).text = out.toString() }
def shot = { name, Rectangle r = null ->
    Thread.sleep(400)
    def rect = r ?: new Rectangle(Toolkit.defaultToolkit.screenSize)
    ImageIO.write(new Robot().createScreenCapture(rect), "png", new File(screens, name + ".png"))
}
def onEdt = { Closure c -> def res = null; SwingUtilities.invokeAndWait { res = c() }; res }
def dialogs = { -> onEdt { Window.windows.findAll { it instanceof JDialog && it.visible } } }
def waitFor = { long ms, Closure c -> long t = System.currentTimeMillis() + ms; def v; while (!(v = c()) && System.currentTimeMillis() < t) Thread.sleep(100); v }
def labels
labels = { Container c -> def l = []; c.components.each { if (it instanceof JLabel && it.text) l << it.text; if (it instanceof Container) l.addAll(labels(it)) }; l }
def buttons
buttons = { Container c -> def l = []; c.components.each { if (it instanceof JButton) l << it; if (it instanceof Container) l.addAll(buttons(it)) }; l }
// the widget row after a label: the spinner or field that sets that input
def fieldAfter = { JDialog d, String label ->
    def found = null
    def walk
    walk = { Container c ->
        def comps = c.components as java.util.List
        comps.eachWithIndex { comp, i ->
            if (found) return
            if (comp instanceof JLabel && comp.text == label && i + 1 < comps.size()) found = comps[i + 1]
            else if (comp instanceof Container) walk(comp)
        }
    }
    walk(d.contentPane)
    found
}
def setNumber = { JDialog d, String label, Number v ->
    def row = fieldAfter(d, label)
    if (row == null) return false
    def sp = null
    def find
    find = { Container c -> c.components.each { if (it instanceof JSpinner) sp = it; else if (it instanceof Container) find(it) } }
    find(row)
    if (sp == null) return false
    onEdt { sp.value = v }
    true
}
// the image combo: the named image (the last result or plot window may be the active one)
def pick = { JDialog d, String label, String title ->
    def row = fieldAfter(d, label)
    if (row == null) return "no field"
    def box = null
    def find
    find = { Container c -> c.components.each { if (it instanceof JComboBox) box = it; else if (it instanceof Container) find(it) } }
    find(row)
    if (box == null) return "no combo"
    def name = { o -> o instanceof ij.ImagePlus ? o.title : String.valueOf(o) } // imagej-legacy lists image titles
    def before = name(box.selectedItem)
    def item = (0..<box.itemCount).collect { box.getItemAt(it) }.find { name(it) == title }
    if (item != null) onEdt { box.selectedItem = item }
    before + " -> " + name(box.selectedItem) + " of " + (0..<box.itemCount).collect { name(box.getItemAt(it)) }.join("/")
}
def press = { JDialog d, String text -> def b = buttons(d.contentPane).find { it.text == text }; onEdt { b.doClick() }; b != null }

try {
    def tiny = IJ.openImage(data + "/tiny.tif"); tiny.show()
    waitFor(5000) { WindowManager.getCurrentImage() == tiny }

    // 1. each command's dialog: its fields in order, then OK on a 12 x 12 image with few epochs
    def cmds = [["fit", FitCommand, "Fit Signal (BW-ReLU)"], ["superres", SuperResolutionCommand, "Super-Resolution (BW-ReLU)"],
                ["ct", CtCommand, "Sparse-View CT (BW-ReLU)"], ["compare", CompareCommand, "Compare INRs"],
                ["selectc", SelectCCommand, "Select c (variation norm)"]]
    for (c in cmds) {
        IJ.selectWindow(tiny.getID())
        def future = command.run(c[1], true)
        JDialog d = waitFor(20000) { dialogs().find { it.title == c[2] } }
        put(c[0] + ".dialog", d != null)
        if (d == null) { put(c[0] + ".error", "no dialog"); future.cancel(true); continue }
        put(c[0] + ".labels", labels(d.contentPane).join("|"))
        put(c[0] + ".image", pick(d, "Image", "tiny.tif"))
        put(c[0] + ".size", d.width + "x" + d.height)
        shot("dialog-" + c[0], d.bounds)
        // a tiny setting: few epochs (Fit keeps its default network, the others a narrow one); every other field as it opens
        put(c[0] + ".setEpochs", setNumber(d, labels(d.contentPane).find { it.startsWith("Epochs") }, c[0] == "fit" ? 20 : 5))
        if (c[0] != "fit") {
            setNumber(d, labels(d.contentPane).find { it.startsWith("Width") }, 8)
            setNumber(d, labels(d.contentPane).find { it.startsWith("Number of angles") }, 8)
        }
        Thread.sleep(300)
        if (c[0] == "fit") shot("dialog-fit-set", d.bounds)
        long t0 = System.currentTimeMillis()
        put(c[0] + ".ok", press(d, "OK"))
        def module = future.get()
        put(c[0] + ".seconds", (System.currentTimeMillis() - t0) / 1000.0)
        def m = module.getOutput("metrics")
        put(c[0] + ".rows", m == null ? 0 : m.size())
        put(c[0] + ".epochs", m == null ? "" : m.getValue("epochs", 0))
        put(c[0] + ".canceled", module.isCanceled())
    }
    put("windows", WindowManager.imageTitles.join("|"))
    def table = ResultsTable.getResultsTable(InrCommand.TABLE_TITLE)
    put("table.rows", table == null ? -1 : table.size())

    // 2. the live plot while training, 3. Esc stops the run and keeps the best result
    IJ.run("Close All")
    def first = WindowManager.getFrame(InrCommand.TABLE_TITLE)
    if (first != null) onEdt { WindowManager.removeWindow(first); first.dispose() } // a fresh table for the screenshot of this run's result
    def cam = IJ.openImage(data + "/camera-128.tif"); cam.title = "camera"; cam.show()
    onEdt { cam.window.setLocation(0, 90) }
    waitFor(5000) { WindowManager.getCurrentImage() == cam }
    def live = command.run(FitCommand, true, "image", cam, "epochs", 100000, "width", 64)
    def plot = waitFor(60000) { WindowManager.getImage("INR training - camera") }
    put("plot.open", plot != null)
    if (plot != null) onEdt { plot.window.setLocation(300, 90) }
    Thread.sleep(12000)
    shot("live-plot")
    IJ.getInstance().keyPressed(new KeyEvent(IJ.getInstance(), KeyEvent.KEY_PRESSED, System.currentTimeMillis(), 0, KeyEvent.VK_ESCAPE, KeyEvent.CHAR_UNDEFINED))
    def stopped = live.get()
    def sm = stopped.getOutput("metrics")
    put("esc.stopped_early", sm == null ? "none" : sm.getStringValue("stopped_early", 0))
    put("esc.stop_reason", sm == null ? "none" : sm.getStringValue("stop_reason", 0))
    put("esc.epochs", sm == null ? "none" : sm.getValue("epochs", 0))
    def res = WindowManager.getImage("camera - INR")
    put("esc.result", res != null)
    def tw = WindowManager.getFrame(InrCommand.TABLE_TITLE)
    if (tw != null) onEdt { tw.setSize(1270, 200); tw.setLocation(0, 660); tw.toFront() }
    if (res != null) onEdt { res.window.setLocation(150, 250) }
    shot("results")
    IJ.resetEscape()

    // 4. a macro with a display (not batch mode): keys left out take their defaults, no dialog
    def anyDialogs = { -> onEdt { Window.windows.findAll { it instanceof Dialog && it.visible } } }
    def watch = new Thread({ while (!Thread.interrupted()) { try { def ds = anyDialogs(); if (ds) { put("macro.dialog", ds*.title.join("|")); ds.each { d -> onEdt { d.dispose() } } }; Thread.sleep(300) } catch (InterruptedException e) { break } } })
    watch.daemon = true; watch.start()
    tiny = IJ.openImage(data + "/tiny.tif"); tiny.show()
    long t1 = System.currentTimeMillis()
    def ret = IJ.runMacro('selectImage("tiny.tif"); run("Fit Signal (BW-ReLU)", "epochs=20 width=16"); ' +
            'return "" + Table.get("psnr_db", Table.size("INR Metrics") - 1, "INR Metrics");')
    put("macro.seconds", (System.currentTimeMillis() - t1) / 1000.0)
    put("macro.psnr", ret)
    def extra = new File(data, "gui-macro.ijm")
    if (extra.exists()) {
        long t2 = System.currentTimeMillis()
        put("readme.macro.return", IJ.runMacro(extra.text))
        put("readme.macro.seconds", (System.currentTimeMillis() - t2) / 1000.0)
    }
    watch.interrupt()
    put("macro.dialog.final", out.toString().contains("macro.dialog=") ? "yes" : "no")

    put("done", true)
} catch (Throwable t) {
    def sw = new StringWriter(); t.printStackTrace(new PrintWriter(sw))
    put("error", sw.toString())
} finally {
    System.exit(0)
}
