#@ File (label = "Input folder", style = "directory") input_dir
#@ File (label = "Output folder", style = "directory") output_dir
#@ Integer (label = "Epochs", value = 300) epochs
#@ CommandService command
#@ LogService log
#@output String summary

// Fits a BW-ReLU network to every TIFF/PNG in a folder with relu-inr's "Fit Signal (BW-ReLU)"
// command and collects each image's PSNR. Every parameter not given here takes the command's default.
import io.github.reluinr.imagej.FitCommand

def lines = []
input_dir.listFiles().findAll { it.name ==~ /(?i).*\.(tif|tiff|png)$/ }.sort().each { f ->
    def out = new File(output_dir, f.name.replaceAll(/\.[^.]+$/, "") + "-inr.tif")
    def module = command.run(FitCommand, true,
            "input_file", f, "output_file", out, "epochs", epochs, "show_results", false).get()
    def metrics = module.getOutput("metrics")
    def psnr = metrics.getValue("psnr_db", 0)
    log.info("${f.name}: PSNR ${String.format('%.2f', psnr)} dB")
    lines << "${f.name},${psnr}"
}
summary = lines.join("\n")
