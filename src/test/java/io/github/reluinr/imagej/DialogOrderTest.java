package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scijava.command.CommandService;

/**
 * The dialog's order (issue 15 item 8): the image, the task's own settings, how
 * long it trains, the files, then the advanced settings; the duration choice
 * fills the epochs, and epochs typed in make it custom.
 */
class DialogOrderTest {

	@Test
	void theTasksOwnSettingsAndTheDurationComeBeforeTheAdvancedOnes() {
		var info = CommandFixture.context().service(CommandService.class)
				.getCommand(SuperResolutionCommand.class);
		DialogOrder.apply(info, new SuperResolutionCommand().leadingInputs());
		List<String> names = DialogOrder.names(info).stream()
				.filter(n -> !List.of("log", "status", "context").contains(n))
				.toList();
		assertEquals(
				List.of("image", "scale", "ground_truth_file", "duration",
						"epochs", "run_estimate", "max_minutes", "input_file",
						"output_file", "metrics_file", "model_file",
						"init_model", "advanced_settings"),
				names.subList(0, 13));
		assertTrue(names.indexOf("width") > names.indexOf("advanced_settings"));
		assertTrue(
				names.indexOf("start_from") > names
						.indexOf("advanced_settings"),
				"the warm start is an advanced setting");
		DialogOrder.apply(info, new SuperResolutionCommand().leadingInputs());
		assertEquals(names,
				DialogOrder.names(info).stream().filter(
						n -> !List.of("log", "status", "context").contains(n))
						.toList(),
				"idempotent");
	}

	@Test
	void theDurationChoiceSetsTheEpochsAndTypedEpochsMakeItCustom()
			throws Exception
	{
		var info = CommandFixture.context().service(CommandService.class)
				.getCommand(SelectCCommand.class);
		var module = info.createModule();
		SelectCCommand cmd = (SelectCCommand) module.getDelegateObject();
		module.setInput("task", "fit");
		info.getInput("task").callback(module);
		assertEquals(1000, cmd.epochs); // Appendix D: fit trains 1000 epochs
		module.setInput("duration", "quick");
		info.getInput("duration").callback(module);
		assertEquals(100, cmd.epochs, "quick: a tenth");
		assertTrue(
				cmd.run_estimate.contains("100 epochs")
						|| cmd.run_estimate.contains("No image"),
				cmd.run_estimate);
		module.setInput("epochs", 37);
		info.getInput("epochs").callback(module);
		assertEquals("custom", cmd.duration);
		assertEquals(37, cmd.config().epochs());
		module.setInput("duration", "default");
		info.getInput("duration").callback(module);
		assertEquals(1000, cmd.epochs);
		// a macro that gives duration=quick and no epochs
		SelectCCommand macro = new SelectCCommand();
		macro.task = "superres";
		macro.duration = "quick";
		assertEquals(200, macro.config().epochs(),
				"Appendix D's 2000 epochs / 10");
	}
}
