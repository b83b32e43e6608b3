// Plug the ORM into the app registry: recognise exported model classes, give them their app
// label, and prepare them once every app's models are registered.
import { setModelHooks } from '../../apps/registry.ts';
import { isModelClass, Model, prepareModels, type ModelClass } from './model.ts';
import { setQFactory } from './expressions.ts';
import { QObject } from './query-utils.ts';

setQFactory((args) => new QObject(args));

const registered: ModelClass[] = [];
setModelHooks({
  isModel: (value) => isModelClass(value),
  modelName: (value) => (value as ModelClass).name,
  register: (app, _exportName, model) => {
    const m = model as ModelClass;
    Model.setAppLabel(m, app.label);
    registered.push(m);
  },
  modelsReady: () => {
    prepareModels(...registered.splice(0));
  },
});
